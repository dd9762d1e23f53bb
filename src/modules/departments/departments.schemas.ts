import { z } from 'zod';
import { departmentKinds } from '../../db/reference/types';

/**
 * What GET /departments answers: the departments in service (a retired one is only in the admin
 * list). The route builds a value of this type and the OpenAPI document describes the answer with it.
 */
export const departmentListSchema = z.object({
  departments: z.array(
    z.object({
      id: z.number().int(),
      code: z.string(),
      name: z.string(),
      nameEn: z.string(),
      kind: z.enum(departmentKinds),
      parentCode: z.string().nullable(),
    }),
  ),
});
export type DepartmentList = z.infer<typeof departmentListSchema>;
