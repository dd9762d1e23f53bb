// The knowledge-base search beside the intake form (`GET /kb?q=&limit=`). The API answers the best
// matches for a query, with no total and no cursor: it is a search for an answer to read out during
// the call, not a list to page through, so a few articles per term are shown.
import { api } from '../../api/client';

export interface KbArticle {
  id: number;
  slug: string;
  title: string;
  body: string;
  keywords: string[];
  categoryCode: string | null;
}

/** Articles asked for per search term, and shown in all. */
const PER_TERM = 5;
export const SHOWN = 6;
/** The caller's words may hold many keywords; the longest few say the most. */
export const MAX_TERMS = 3;

/** Searches each term (in parallel) and merges the answers, first occurrence first. */
export async function searchKb(terms: string[]): Promise<KbArticle[]> {
  const pages = await Promise.all(terms.slice(0, MAX_TERMS).map((q) => api<{ articles: KbArticle[] }>('/kb', { query: { q, limit: PER_TERM } })));
  const seen = new Set<number>();
  const merged: KbArticle[] = [];
  for (const a of pages.flatMap((p) => p.articles)) {
    if (seen.has(a.id)) continue;
    seen.add(a.id);
    merged.push(a);
  }
  return merged.slice(0, SHOWN);
}
