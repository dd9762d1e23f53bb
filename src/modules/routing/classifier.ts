/**
 * Keyword classification (SPEC §7.3) for tickets that arrive without a category.
 *
 * Chinese text has no spaces, so keywords are matched as substrings. A longer keyword is more
 * specific evidence (夜间施工 says more than 施工), so a leaf's score is the summed length of its
 * distinct matched keywords; repeating a word does not raise it. Ties go to the leaf with more
 * distinct matches, then to the smaller code, so the result never depends on the input's order.
 */
import { normaliseText } from './normalise-text';

export interface ClassifiableLeaf {
  code: string;
  keywords: string[];
}

export interface Classification {
  categoryCode: string;
  /** Matched keywords as written in the category data, in order of first appearance in the text. */
  matched: string[];
  score: number;
}

export interface Classifier {
  classify(text: string): Classification | null;
  /** Every leaf with at least one keyword in the text (the routing model's keyword features). */
  leavesMatching(text: string): string[];
}

interface IndexedKeyword {
  /** Normalised form, as compared against the normalised text. */
  needle: string;
  original: string;
  length: number;
  leaf: number;
}

/**
 * Builds the index once: keywords bucketed by their first character, so one pass over the text
 * checks only the keywords that can start at each position. The cost per ticket grows with the
 * text, not with the number of categories or with how often `classify` is called.
 */
export function createClassifier(leaves: readonly ClassifiableLeaf[]): Classifier {
  const codes = leaves.map((l) => l.code);
  const byFirstChar = new Map<string, IndexedKeyword[]>();
  leaves.forEach((leaf, index) => {
    for (const original of new Set(leaf.keywords)) {
      const needle = normaliseText(original);
      if (!needle) continue;
      const first = String.fromCodePoint(needle.codePointAt(0) as number);
      const bucket = byFirstChar.get(first) ?? [];
      bucket.push({ needle, original, length: [...needle].length, leaf: index });
      byFirstChar.set(first, bucket);
    }
  });

  function matchesOf(text: string): Map<number, IndexedKeyword[]> {
    const haystack = normaliseText(text);
    // leaf index → matched keywords in order of first appearance
    const found = new Map<number, IndexedKeyword[]>();
    let i = 0;
    for (const ch of haystack) {
      for (const kw of byFirstChar.get(ch) ?? []) {
        if (!haystack.startsWith(kw.needle, i)) continue;
        const list = found.get(kw.leaf) ?? [];
        if (!list.includes(kw)) list.push(kw);
        found.set(kw.leaf, list);
      }
      i += ch.length;
    }
    return found;
  }

  function classify(text: string): Classification | null {
    const found = matchesOf(text);
    let best: { leaf: number; score: number; matches: IndexedKeyword[] } | null = null;
    for (const [leaf, matches] of found) {
      const score = matches.reduce((sum, kw) => sum + kw.length, 0);
      if (!best || isBetter(score, matches.length, codes[leaf], best.score, best.matches.length, codes[best.leaf])) {
        best = { leaf, score, matches };
      }
    }
    if (!best) return null;
    return { categoryCode: codes[best.leaf], matched: best.matches.map((kw) => kw.original), score: best.score };
  }

  return { classify, leavesMatching: (text) => [...matchesOf(text).keys()].map((leaf) => codes[leaf]) };
}

function isBetter(score: number, count: number, code: string, bestScore: number, bestCount: number, bestCode: string) {
  if (score !== bestScore) return score > bestScore;
  if (count !== bestCount) return count > bestCount;
  return code < bestCode;
}
