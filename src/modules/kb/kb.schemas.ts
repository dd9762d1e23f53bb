import { z } from 'zod';

/** An article in use, as operators read it; the repository's rows and the OpenAPI document share this. */
export const knowledgeArticleSchema = z.object({
  id: z.number().int(),
  slug: z.string(),
  title: z.string(),
  body: z.string(),
  keywords: z.array(z.string()),
  categoryCode: z.string().nullable(),
});
export type KnowledgeArticle = z.infer<typeof knowledgeArticleSchema>;

/** What GET /kb answers: the best matches, at most `limit` (suggestions, not a list to page through). */
export const kbSearchResultSchema = z.object({ articles: z.array(knowledgeArticleSchema) });
export type KbSearchResult = z.infer<typeof kbSearchResultSchema>;
