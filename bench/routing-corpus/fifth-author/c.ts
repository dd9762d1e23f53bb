/** A fifth author's cores, part c (see index.ts). */
export const phrasings: Record<string, readonly string[]> = {};
