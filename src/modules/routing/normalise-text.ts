/**
 * One normal form for every comparison routing makes (emergency lexicon, classification keywords,
 * rule keywords): full-width letters and digits become ASCII (NFKC), letters lower-case (KTV, ktv,
 * ＫＴＶ are one word), and whitespace goes, because speech-to-text and phone keyboards put spaces
 * inside words ("着 火 了").
 */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
}
