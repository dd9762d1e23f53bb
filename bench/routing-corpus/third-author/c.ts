/** A third author's cores, part c (see index.ts). */
export const phrasings: Record<string, readonly string[]> = {};
/** Calls a person should dispatch: vague ones and crises. */
export const manualCores: { vague: readonly string[]; crisis: readonly string[] } = { vague: [], crisis: [] };
