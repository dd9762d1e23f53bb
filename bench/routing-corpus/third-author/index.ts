/**
 * A third author's cores (issue 17, r5): written, like the second author's, by someone who did not
 * write the dev and test cores, from the catalogue's leaves and the second author's train-only cores
 * (read to learn what a leaf means, not to be reworded). Three parts by area, written in parallel.
 * Train split only, with the same rule as the second author's: generate.ts drops any of them near a
 * dev or test core of any leaf.
 */
import { phrasings as a } from './a';
import { phrasings as b } from './b';
import { manualCores as cManual, phrasings as c } from './c';

export const thirdAuthorPhrasings: Record<string, readonly string[]> = { ...a, ...b, ...c };
export const thirdAuthorManualCores = cManual;
