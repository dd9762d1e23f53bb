// What the operator's page reads from the category tree: the picker's search, the suggestions from
// the caller's words, and the knowledge base's search terms. Suggestions only: the routing worker
// classifies the ticket again on its own, so nothing here decides where a ticket goes.
import type { CategoryIndex } from '../../api/reference';
import type { Category } from '../../api/types';

/** Options the picker lists at once: enough to choose from, few enough to scan while on the phone. */
export const MAX_OPTIONS = 12;

/** Whether `c` matches every space-separated part of `query` in its names, code, path or keywords. */
export function categoryMatches(categories: CategoryIndex, c: Category, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const hay = `${c.name} ${c.nameEn ?? ''} ${c.code} ${categories.path(c)} ${(c.keywords ?? []).join(' ')}`.toLowerCase();
  return q.split(/\s+/).every((part) => hay.includes(part));
}

/** The leaves a typed query finds, in the tree's order. */
export function searchLeaves(categories: CategoryIndex, query: string): Category[] {
  return categories.leaves.filter((c) => categoryMatches(categories, c, query)).slice(0, MAX_OPTIONS);
}

export interface Suggestion {
  category: Category;
  /** The keywords found in the text, shown as the chip's tooltip (why it was suggested). */
  hits: string[];
}

/**
 * The leaves whose keywords occur in `text` (Chinese has no spaces: substrings), most and longest
 * matches first.
 */
export function suggestCategories(categories: CategoryIndex, text: string, max = 3): Suggestion[] {
  if (!text) return [];
  const scored: Array<Suggestion & { score: number }> = [];
  for (const c of categories.leaves) {
    const hits = (c.keywords ?? []).filter((k) => k && text.includes(k));
    if (hits.length) scored.push({ category: c, hits, score: hits.reduce((s, k) => s + k.length, 0) });
  }
  return scored
    .sort((a, b) => b.score - a.score)
    .slice(0, max)
    .map(({ category, hits }) => ({ category, hits }));
}

/** Every category keyword (two characters or more) found in `text`, longest first: knowledge-base search terms. */
export function keywordsIn(categories: CategoryIndex, text: string): string[] {
  const found = new Set<string>();
  if (!text) return [];
  for (const c of categories.list) for (const k of c.keywords ?? []) if (k && k.length >= 2 && text.includes(k)) found.add(k);
  return [...found].sort((a, b) => b.length - a.length);
}
