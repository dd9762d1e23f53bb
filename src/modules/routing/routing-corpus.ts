/**
 * The labelled corpus, the term lexicon and the shipped model, kept as data in the repository
 * (src/modules/routing/corpus/calls.json and lexicon.json, written by bench/routing-corpus/generate.ts; the model in
 * src/modules/routing/model/). Read from the source tree because tsc does not copy JSON to dist.
 */
import fs from 'node:fs';
import path from 'node:path';
import { categories } from '../../db/reference/categories';
import { createClassifier, type Classifier } from './classifier';
import type { LabelledText } from './model-evaluation';
import { MANUAL, type TextModelData } from './text-model';

export interface CorpusCall extends LabelledText {
  id: number;
  split: 'train' | 'dev' | 'test';
  hard: string | null;
}

/** dist/src/modules/routing → the repository's src/modules/routing. */
const sourceDir = path.join(__dirname, '..', '..', '..', '..', 'src', 'modules', 'routing');
export const corpusPath = path.join(sourceDir, 'corpus', 'calls.json');
export const lexiconPath = path.join(sourceDir, 'corpus', 'lexicon.json');
export const shippedModelPath = path.join(sourceDir, 'model', 'routing-model.json');

let corpus: CorpusCall[] | null = null;
export function loadCorpus(): CorpusCall[] {
  corpus ??= (JSON.parse(fs.readFileSync(corpusPath, 'utf8')) as { calls: CorpusCall[] }).calls;
  return corpus;
}

export function loadShippedModel(): TextModelData {
  return JSON.parse(fs.readFileSync(shippedModelPath, 'utf8')) as TextModelData;
}

/** The labels a model gives: every leaf of the shipped tree, and MANUAL. */
export function modelLabels(): string[] {
  const parents = new Set(categories.map((c) => c.parentCode));
  return [...categories.filter((c) => !parents.has(c.code)).map((c) => c.code), MANUAL];
}

/**
 * The catalogue as a few extra training calls per leaf (its name, and its keywords together): what
 * the admins wrote down about each matter is evidence too, and it is all a new leaf has at first.
 */
export function catalogueExamples(): LabelledText[] {
  const parents = new Set(categories.map((c) => c.parentCode));
  return categories
    .filter((c) => !parents.has(c.code))
    .flatMap((c) => [{ text: c.name, label: c.code }, { text: c.keywords.join('，'), label: c.code }]);
}

/** Terms in a training example of the lexicon: pairs beat single terms and fours on the dev split. */
const TERMS_PER_EXAMPLE = 2;

/**
 * The lexicon (terms callers use per leaf: 消火栓, 准迁证, 4S店…) as training examples of a couple of
 * terms each: the model's errors on calls it had not seen were mostly words it had never met.
 */
export function lexiconExamples(): LabelledText[] {
  const { lexicon } = JSON.parse(fs.readFileSync(lexiconPath, 'utf8')) as { lexicon: Record<string, string[]> };
  const leaves = new Set(modelLabels());
  return Object.entries(lexicon)
    .filter(([code]) => leaves.has(code))
    .flatMap(([code, terms]) =>
      [...Array(Math.ceil(terms.length / TERMS_PER_EXAMPLE)).keys()].map((i) => ({
        text: terms.slice(i * TERMS_PER_EXAMPLE, (i + 1) * TERMS_PER_EXAMPLE).join('，'),
        label: code,
      })),
    );
}

/** The fixed splits, with the catalogue's and the lexicon's examples added to training. */
export function corpusSplits(): { train: LabelledText[]; dev: LabelledText[]; test: LabelledText[] } {
  const calls = loadCorpus();
  return {
    train: [...calls.filter((c) => c.split === 'train'), ...catalogueExamples(), ...lexiconExamples()],
    dev: calls.filter((c) => c.split === 'dev'),
    test: calls.filter((c) => c.split === 'test'),
  };
}

let keywords: Classifier | null = null;
/**
 * The shipped catalogue's keyword lists (every leaf's, as routing reads them from the catalogue): models are trained and compared against these, so that an
 * admin's keyword edit (which routing uses at once) cannot make one model look better than another.
 */
export function shippedKeywords(): Classifier {
  const parents = new Set(categories.map((c) => c.parentCode));
  keywords ??= createClassifier(categories.filter((c) => !parents.has(c.code)));
  return keywords;
}
