/**
 * A fourth author's cores (issue 17, r5): like the third author's (../third-author), by someone who
 * read neither the dev and test cores nor wrote the earlier train-only ones; three parts by area.
 * Train split only; generate.ts drops any of them near a dev or test core of any leaf.
 */
import { phrasings as a } from './a';
import { phrasings as b } from './b';
import { phrasings as c } from './c';

export const fourthAuthorPhrasings: Record<string, readonly string[]> = { ...a, ...b, ...c };
