import { z } from 'zod';

/**
 * What GET /categories answers: the category tree with its routing keywords. The route builds a
 * value of this type and the OpenAPI document describes the answer with it.
 */
export const categoryListSchema = z.object({
  categories: z.array(
    z.object({
      id: z.number().int(),
      code: z.string(),
      name: z.string(),
      nameEn: z.string(),
      parentCode: z.string().nullable(),
      leaf: z.boolean().describe('no sub-categories: a ticket can be filed under it'),
      keywords: z.array(z.string()),
      defaultDepartmentCode: z.string().nullable(),
    }),
  ),
});
export type CategoryList = z.infer<typeof categoryListSchema>;
