/** A fifth author's calls a person must dispatch: vague ones and crises (see index.ts). */
export const manualCores: { vague: readonly string[]; crisis: readonly string[] } = { vague: [], crisis: [] };
