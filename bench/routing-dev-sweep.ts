/**
 * The settings docs/ROUTING.md compares for r8, judged on the DEV split only (the test split is never
 * loaded): the training loop of model-training.ts with its settings as arguments, and each seed's
 * training kept, so that single trainings and averages of three with the same seeds can be compared
 * (one training's draw moves dev coverage by ~0.017). As trainTextModel does, weights are pruned and
 * rounded, the temperature fitted on dev and the thresholds chosen by chooseThresholds: with no
 * arguments it gives r7's figures, with {"nb":0.1} the r8 candidate's, as trainTextModel gives them.
 * Options (defaults r7's): extras (tri: character trigrams, skip: skip-bigrams, wbi: word bigrams,
 * uni: characters), l2, lr, epochs, dropout, smooth (label smoothing), nb, seeds (a line per seed, and one
 * per three averaged), minCount, wordDrop, firstAuthor, bag.
 *   nice -n 15 node dist/bench/routing-dev-sweep.js '{"nb":0.1,"seeds":[0,1,2,3,4,5,6,7,8]}'
 */
import { callerFocus } from '../src/modules/routing/caller-focus';
import { chooseThresholds, thresholdCandidates } from '../src/modules/routing/model-training';
import { keywordLeafOf, metricsOf, type Judged, type Thresholds } from '../src/modules/routing/model-evaluation';
import { naiveBayesEvidence } from './lib/naive-bayes-evidence';
import { normaliseText } from '../src/modules/routing/normalise-text';
import { corpusSplits, modelLabels, shippedKeywords } from '../src/modules/routing/routing-corpus';
import { features, segment } from '../src/modules/routing/text-features';
import { MANUAL, softmax } from '../src/modules/routing/text-model';

interface Opts {
  extras: string[];
  l2: number;
  lr: number;
  epochs: number;
  dropout: number;
  smooth: number;
  nb: number;
  seeds: number[];
  minCount: number;
  /** Whole words left out while training: a word's w:/t: features and the bigrams starting in it, together. */
  wordDrop: number;
  /** Copies of each first-author train call (ids ≤ 6,272: the author of every dev and test call). */
  firstAuthor: number;
  /** Share of the examples each seed's training sees (a different draw per seed): bagging. */
  bag: number;
}
const opts: Opts = { extras: [], l2: 0.01, lr: 0.5, epochs: 15, dropout: 0.2, smooth: 0, nb: 0, seeds: [0, 1, 2], minCount: 1, wordDrop: 0, firstAuthor: 1, bag: 1, ...JSON.parse(process.argv[2] ?? '{}') };
const out = (s: string) => process.stdout.write(`${s}\n`);
const isContent = (s: string) => /[\p{Script=Han}a-z0-9]/u.test(s);

function featuresOf(call: string): string[] {
  const f = new Set(features(call));
  if (opts.extras.length === 0) return [...f];
  const text = callerFocus(call);
  const chars = [...normaliseText(text)].filter(isContent);
  const words = segment(text);
  if (opts.extras.includes('tri')) for (let i = 0; i + 2 < chars.length; i++) f.add(`c:${chars[i]}${chars[i + 1]}${chars[i + 2]}`);
  if (opts.extras.includes('skip')) for (let i = 0; i + 2 < chars.length; i++) f.add(`s:${chars[i]}_${chars[i + 2]}`);
  if (opts.extras.includes('wbi')) for (let i = 0; i + 1 < words.length; i++) f.add(`p:${words[i]}|${words[i + 1]}`);
  if (opts.extras.includes('uni')) for (const c of chars) f.add(`u:${c}`);
  return [...f];
}

/** The call's features with the word each comes from (-1: a group of its own). */
function groupedFeatures(call: string): { f: string; g: number }[] {
  const text = callerFocus(call);
  const norm = normaliseText(text);
  const words = segment(text);
  const ownerAt = new Map<number, number>();
  let cursor = 0;
  words.forEach((w, wi) => {
    const at = norm.indexOf(w, cursor);
    if (at < 0) return;
    for (let k = at; k < at + w.length; k++) ownerAt.set(k, wi);
    cursor = at + w.length;
  });
  const out = new Map<string, number>();
  const put = (f: string, g: number) => {
    if (!out.has(f) || out.get(f) === -1) out.set(f, g);
  };
  words.forEach((w, i) => {
    put(`w:${w}`, i);
    if (i >= words.length / 2) put(`t:${w}`, i);
  });
  const chars = [...norm].map((c, i) => ({ c, i })).filter((x) => isContent(x.c));
  // Positions by UTF-16 index: the corpus is BMP Chinese, so code points and indexes agree.
  for (let i = 0; i + 1 < chars.length; i++) put(`b:${chars[i].c}${chars[i + 1].c}`, ownerAt.get(chars[i].i) ?? ownerAt.get(chars[i + 1].i) ?? -1);
  for (const f of features(call)) if (!out.has(f)) out.set(f, -1);
  return [...out].map(([f, g]) => ({ f, g }));
}

function draws(seed: number): () => number {
  let a = seed >>> 0;
  return () => (a = (Math.imul(a ^ (a >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0);
}
function order(n: number, epoch: number, seed: number): number[] {
  const idx = [...Array(n).keys()];
  const next = draws(0x9e3779b9 ^ (seed * opts.epochs + epoch));
  for (let i = n - 1; i > 0; i--) {
    const j = next() % (i + 1);
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx;
}

type Enc = { idx: number[]; y: number; grp: number[] };
function fit(encoded: Enc[], F: number, L: number, seed: number): { W: Float64Array; b: Float64Array } {
  const W = new Float64Array(F * L);
  const G = new Float64Array(F * L).fill(1);
  const b = new Float64Array(L);
  const Gb = new Float64Array(L).fill(1);
  const z = new Float64Array(L);
  const leaveOut = draws(12345 + seed);
  const x = 1 / ((1 - opts.dropout) * (1 - opts.wordDrop));
  const dropWord = draws(777 + seed);
  const off = opts.smooth / L;
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const bagDraw = draws(999 + seed);
    const inBag = encoded.map(() => bagDraw() / 2 ** 32 < opts.bag);
    for (const i of order(encoded.length, epoch, seed)) {
      if (!inBag[i]) continue;
      const { y } = encoded[i];
      let idx = encoded[i].idx;
      if (opts.wordDrop > 0) {
        const grp = encoded[i].grp;
        const gone = new Set<number>();
        for (const g of new Set(grp)) if (g >= 0 && dropWord() / 2 ** 32 < opts.wordDrop) gone.add(g);
        // A feature of its own (a keyword leaf, a bigram of stopwords) is left out at the same rate.
        idx = idx.filter((_, j) => (grp[j] >= 0 ? !gone.has(grp[j]) : dropWord() / 2 ** 32 >= opts.wordDrop));
      }
      idx = idx.filter(() => leaveOut() / 2 ** 32 >= opts.dropout);
      z.set(b);
      for (const f of idx) for (let l = 0; l < L; l++) z[l] += W[f * L + l] * x;
      const p = softmax(z);
      for (let l = 0; l < L; l++) {
        const g = p[l] - (l === y ? 1 - opts.smooth + off : off);
        Gb[l] += g * g;
        b[l] -= (opts.lr * g) / Math.sqrt(Gb[l]);
        if (Math.abs(g) < 1e-4) continue;
        for (const f of idx) {
          const k = f * L + l;
          const gw = g * x + opts.l2 * W[k];
          G[k] += gw * gw;
          W[k] -= (opts.lr * gw) / Math.sqrt(G[k]);
        }
      }
    }
  }
  return { W, b };
}

const GRIDT = (t: number) => Math.round(t * 100) / 100;
function evaluate(W: Float64Array, b: Float64Array, L: number, dev: { idx: number[]; label: string; kw: string | null }[], labels: string[]) {
  const pruned = (k: number) => (Math.abs(W[k]) >= 0.05 ? Math.round(W[k] * 1000) / 1000 : 0);
  const bias = [...b].map((v) => Math.round(v * 1000) / 1000);
  const logits = dev.map((d) => {
    const z = Float64Array.from(bias);
    for (const f of d.idx) for (let l = 0; l < L; l++) z[l] += pruned(f * L + l);
    return z;
  });
  let best = { t: 1, nll: Infinity };
  for (let t = 0.2; t <= 4; t += 0.05) {
    let nll = 0;
    dev.forEach((d, i) => {
      const y = labels.indexOf(d.label);
      if (y >= 0) nll -= Math.log(Math.max(softmax(logits[i], t)[y], 1e-12));
    });
    if (nll < best.nll) best = { t: GRIDT(t), nll };
  }
  const firsts = logits.map((z) => {
    const p = softmax(z, best.t);
    let k = 0;
    for (let l = 1; l < L; l++) if (p[l] > p[k]) k = l;
    return { label: labels[k], confidence: Math.round(p[k] * 1000) / 1000 };
  });
  const judgeDev = (at: Thresholds): Judged[] =>
    dev.map((d, i) => {
      const f = firsts[i];
      if (f.label === MANUAL) return { call: { text: '', label: d.label }, routedTo: null };
      const agreed = d.kw !== null && f.label === d.kw && f.confidence >= at.threshold;
      const alone = at.aloneThreshold !== null && f.confidence >= at.aloneThreshold;
      return { call: { text: '', label: d.label }, routedTo: agreed || alone ? f.label : null };
    });
  // This sweep compares trainings by r7's signal, the first leaf's confidence.
  const at = chooseThresholds(judgeDev, 'confidence');
  // Coverage along the precision curve (kept ≥ 0.85), so that a gain at one point can be told from the grid's luck.
  const measured = thresholdCandidates('confidence').map((candidate) => metricsOf(judgeDev(candidate)));
  const curve = [0.95, 0.955, 0.96, 0.965, 0.97].map((target) => Math.max(0, ...measured.filter((m) => m.precision >= target && m.keptForPerson >= 0.85).map((m) => m.coverage)));
  const m = metricsOf(judgeDev(at));
  const top1 = firsts.filter((f, i) => f.label === dev[i].label).length / dev.length;
  let nonzero = 0;
  for (let k = 0; k < W.length; k++) if (pruned(k) !== 0) nonzero++;
  return { curve: curve.map((c) => c.toFixed(3)).join(' '), meanCurve: Math.round((curve.reduce((a, b) => a + b, 0) / curve.length) * 10000) / 10000, nll: Math.round((best.nll / dev.length) * 1000) / 1000, cov: m.coverage, P: m.precision, kept: m.keptForPerson, score: m.score, top1: Math.round(top1 * 10000) / 10000, T: best.t, at: `${at.threshold}/${at.aloneThreshold}`, nonzero };
}

function main(): void {
  const started = Date.now();
  const { train, dev } = corpusSplits();
  const labels = modelLabels();
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const L = labels.length;
  const firstAuthor = (e: object) => 'id' in e && (e.id as number) <= 6272;
  const trainF = train.filter((e) => labelIndex.has(e.label)).flatMap((e) => Array(firstAuthor(e) ? opts.firstAuthor : 1).fill(e)).map((e) => {
    const grouped = opts.wordDrop > 0 ? groupedFeatures(e.text) : featuresOf(e.text).map((f) => ({ f, g: -1 }));
    return { f: grouped.map((x) => x.f), g: grouped.map((x) => x.g), y: labelIndex.get(e.label) as number };
  });
  if (opts.wordDrop > 0) {
    // The grouping must not change what the model sees: the same features as text-features.ts.
    const differ = train.slice(0, 2000).filter((e) => new Set(groupedFeatures(e.text).map((x) => x.f)).size !== new Set([...features(e.text), ...groupedFeatures(e.text).map((x) => x.f)]).size || groupedFeatures(e.text).length !== features(e.text).length);
    const grouped = trainF.slice(0, 2000).reduce((s, e) => s + e.g.filter((g) => g >= 0).length / e.g.length, 0) / 2000;
    out(`grouping check: ${differ.length} of 2000 calls differ; ${grouped.toFixed(3)} of features in a word group`);
  }
  const counts = new Map<string, number>();
  for (const e of trainF) for (const f of e.f) counts.set(f, (counts.get(f) ?? 0) + 1);
  const featureIndex = new Map<string, number>();
  for (const e of trainF) for (const f of e.f) if (!featureIndex.has(f) && (counts.get(f) as number) >= opts.minCount) featureIndex.set(f, featureIndex.size);
  const F = featureIndex.size;
  const encoded = trainF.map((e) => {
    const keep = e.f.map((_, j) => j).filter((j) => featureIndex.has(e.f[j]));
    return { idx: keep.map((j) => featureIndex.get(e.f[j]) as number), grp: keep.map((j) => e.g[j]), y: e.y };
  });
  const keywords = shippedKeywords();
  const devE = dev.map((c) => ({ idx: featuresOf(c.text).filter((f) => featureIndex.has(f)).map((f) => featureIndex.get(f) as number), label: c.label, kw: keywordLeafOf(keywords, c.text) }));
  out(`opts ${JSON.stringify(opts)}; ${F} features, ${encoded.length} examples; features in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  // Naive Bayes's evidence, added as model-training.ts adds it (NAIVE_BAYES_WEIGHT there, `nb` here).
  let nbW: Float64Array | null = null;
  if (opts.nb > 0) {
    nbW = new Float64Array(F * L);
    for (const [k, evidence] of naiveBayesEvidence(encoded, L)) nbW[k] = evidence;
  }

  const sumW = new Float64Array(F * L);
  const sumB = new Float64Array(L);
  opts.seeds.forEach((seed, i) => {
    const t0 = Date.now();
    const { W, b } = fit(encoded, F, L, seed);
    for (let k = 0; k < W.length; k++) sumW[k] += W[k];
    for (let l = 0; l < L; l++) sumB[l] += b[l];
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    if (nbW) for (let k = 0; k < W.length; k++) W[k] += opts.nb * nbW[k];
    out(`seed ${seed} (${secs} s): ${JSON.stringify(evaluate(W, b, L, devE, labels))}`);
    if (i % 3 === 2) {
      const k3 = 3;
      const avgW = sumW.map((v) => v / k3);
      const avgB = sumB.map((v) => v / k3);
      if (nbW) for (let k = 0; k < avgW.length; k++) avgW[k] += opts.nb * nbW[k];
      out(`avg of seeds ${opts.seeds.slice(i - 2, i + 1).join(',')}: ${JSON.stringify(evaluate(avgW, avgB, L, devE, labels))}`);
      sumW.fill(0);
      sumB.fill(0);
    }
  });
  out(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main();
