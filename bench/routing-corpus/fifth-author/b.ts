/** A fifth author's cores, part b (see index.ts). */
export const phrasings: Record<string, readonly string[]> = {};
