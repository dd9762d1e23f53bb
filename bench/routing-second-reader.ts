/**
 * How far a second reader agrees with the corpus's labels (issue 17), on DEV calls only: the
 * ceiling a router's precision can be measured against. Two readers, told nothing of the labels or
 * the model, chose a leaf (or MANUAL) for 300 dev calls, from the text and the catalogue alone
 * (bench/routing-corpus/second-reader/: README.md says what they were shown). The 300 are every call the
 * shipped model (r8) auto-routed wrong on dev and 255 of the rest drawn at random, so the figures for
 * the whole dev split are weighted by stratum.
 *
 *   node dist/bench/routing-second-reader.js              the figures
 *   node dist/bench/routing-second-reader.js --catalogue  what the readers were shown of the catalogue
 */
import fs from 'node:fs';
import path from 'node:path';
import { categories } from '../src/db/reference/categories';
import { departments } from '../src/db/reference/departments';
import { judge } from '../src/modules/routing/model-evaluation';
import { loadCorpus, loadShippedModel, shippedKeywords } from '../src/modules/routing/routing-corpus';
import { loadTextModel } from '../src/modules/routing/text-model';

const dir = path.join(__dirname, '..', '..', 'bench', 'routing-corpus', 'second-reader');
const out = (s: string) => process.stdout.write(`${s}\n`);
const rows = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8').trim().split('\n').map((l) => l.split('\t'));

/** A reader's answer: the leaf chosen, and the other leaf when the reader marked the call ambiguous. */
interface Answer {
  leaf: string;
  other: string | null;
}

function answers(file: string): Map<number, Answer> {
  return new Map(rows(file).map(([n, leaf, mark, other]) => [Number(n), { leaf, other: mark === '?' ? other : null }]));
}

function catalogue(): string {
  const parents = new Set(categories.map((c) => c.parentCode));
  const byCode = new Map(categories.map((c) => [c.code, c]));
  const deptName = new Map(departments.map((d) => [d.code, d.name]));
  const lines = categories
    .filter((c) => !parents.has(c.code))
    .map((c) => {
      const chain: string[] = [];
      for (let p = byCode.get(c.code); p; p = p.parentCode ? byCode.get(p.parentCode) : undefined) chain.unshift(p.name);
      return `${c.code} | ${chain.join(' › ')} (${c.nameEn}) | ${deptName.get(c.defaultDepartmentCode ?? '') ?? c.defaultDepartmentCode} | ${c.keywords.join('、')}`;
    });
  return [
    '# 12345 hotline category leaves',
    '',
    'Each line: CODE | area › group › leaf name (English) | default department | catalogue keywords',
    '',
    ...lines,
    'MANUAL | a person should dispatch: vague (no matter named), several departments at once, or a crisis (someone\'s life or safety at risk now) | — | —',
  ].join('\n');
}

function main(): void {
  if (process.argv.includes('--catalogue')) {
    out(catalogue());
    return;
  }
  const dev = loadCorpus().filter((c) => c.split === 'dev');
  const devById = new Map(dev.map((c) => [c.id, c]));
  const sample = rows('sample.tsv').map(([n, id, stratum]) => ({ n: Number(n), call: devById.get(Number(id)), stratum }));
  if (sample.some((s) => !s.call)) throw new Error('sample.tsv names a call that is not in the dev split');
  const judged = judge(loadTextModel(loadShippedModel()), shippedKeywords(), dev);
  const routed = new Map(judged.map((j) => [j.call, j.routedTo]));
  const rightOnDev = judged.filter((j) => j.routedTo !== null && j.routedTo === j.call.label).length;
  const errors = sample.filter((s) => s.stratum === 'error');
  // The weights hold only for the model the sample was drawn for (r8): its dev misroutes are the stratum.
  const misrouted = new Set(judged.filter((j) => j.routedTo !== null && j.routedTo !== j.call.label).map((j) => j.call));
  if (errors.length !== misrouted.size || errors.some((s) => !misrouted.has(s.call!))) {
    out(`WARNING: the shipped model's dev misroutes are not the sample's ${errors.length} (drawn for r8): the weighted figures below are not valid for it`);
  }
  const rest = sample.filter((s) => s.stratum === 'rest');
  // The sample's strata are the calls r8 routed wrong (all of them) and a random draw of the rest.
  const restWeight = (dev.length - errors.length) / rest.length;
  out(`dev split: ${dev.length} calls; the shipped model auto-routes ${rightOnDev + misrouted.size}, ${misrouted.size} of them wrong (the sample holds ${errors.length} such calls and ${rest.length} of the rest)`);

  const readers = ['A', 'B'].map((name) => ({ name, said: answers(`answers-${name}.tsv`) }));
  for (const { name, said } of readers) {
    const agrees = (s: (typeof sample)[number]) => said.get(s.n)?.leaf === s.call?.label;
    const onDev = (errors.filter(agrees).length + rest.filter(agrees).length * restWeight) / dev.length;
    const routedRight = rest.filter((s) => routed.get(s.call!) === s.call!.label);
    const onRouted = (errors.filter(agrees).length + (routedRight.filter(agrees).length / routedRight.length) * rightOnDev) / (rightOnDev + misrouted.size);
    const withModel = errors.filter((s) => said.get(s.n)?.leaf === routed.get(s.call!)).length;
    const bothNamed = errors.filter((s) => {
      const a = said.get(s.n);
      const named = new Set([a?.leaf, a?.other]);
      return named.has(s.call!.label) && named.has(routed.get(s.call!) ?? '');
    }).length;
    out(`reader ${name}: agrees with the corpus's label on ${(100 * onDev).toFixed(1)}% of dev (weighted), on ${(100 * onRouted).toFixed(1)}% of the calls the model auto-routes;`);
    out(`  of the model's ${errors.length} wrong routes in the sample, chose the model's leaf for ${withModel}, the corpus's for ${errors.filter(agrees).length}, named both as possible for ${bothNamed}; marked ${[...said.values()].filter((a) => a.other).length} of 300 ambiguous`);
  }
  const [a, b] = readers;
  out(`readers A and B chose the same leaf for ${sample.filter((s) => a.said.get(s.n)?.leaf === b.said.get(s.n)?.leaf).length} of ${sample.length} calls`);
}

main();
