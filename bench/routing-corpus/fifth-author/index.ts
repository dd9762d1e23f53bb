/**
 * A fifth author's cores (issue 17, r5): like the third and fourth authors' (../third-author,
 * ../fourth-author); three parts by area. Train split only; generate.ts drops any of them near a dev
 * or test core of any leaf.
 */
import { phrasings as a } from './a';
import { phrasings as b } from './b';
import { phrasings as c } from './c';
import { manualCores } from './manual';

export const fifthAuthorPhrasings: Record<string, readonly string[]> = { ...a, ...b, ...c };
export const fifthAuthorManualCores = manualCores;
