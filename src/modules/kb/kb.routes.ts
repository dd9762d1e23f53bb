import { z } from 'zod';
import type { ApiRouter } from '../../http/api-router';
import { anyStaff } from '../../shared/principal';
import type { KbRepository } from './kb.repository';
import { kbSearchResultSchema, type KbSearchResult } from './kb.schemas';

export const kbQuerySchema = z.object({
  q: z.string().trim().max(100).default(''),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export function registerKbRoutes(router: ApiRouter, repo: KbRepository): void {
  router.add({
    method: 'get',
    path: '/kb',
    access: { roles: anyStaff },
    summary: 'Search the knowledge base for on-the-spot answers (Chinese substring search)',
    schemas: { query: kbQuerySchema },
    response: kbSearchResultSchema,
    handle: async ({ res, query: { q, limit } }) => {
      const terms = q.split(/\s+/).filter(Boolean);
      const exact = await repo.search(terms, limit);
      // No article contains the words as typed: fall back to the articles' keywords found in the text.
      const body: KbSearchResult = { articles: exact.length || !q ? exact : await repo.matchKeywords(q, limit) };
      res.json(body);
    },
  });
}
