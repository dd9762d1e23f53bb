/** A fifth author's cores, part a (see index.ts). */
export const phrasings: Record<string, readonly string[]> = {};
