/**
 * How optimistic the choice of thresholds is, measured on the DEV split alone (issue 17, docs/ROUTING.md
 * "The precision margin"): the thresholds are chosen on the dev calls of a random half of the leaves
 * and measured on the other half's, many times; each rule of choosing is judged by the precision it
 * keeps on the half it did not see. The person-dispatch calls are in both halves (the corpus does not
 * record their cores). The shipped model's dev predictions only: nothing is trained, the test split
 * is never read.
 *   nice -n 15 node dist/bench/routing-threshold-halves.js [halvings]
 */
import { autoRoutes, keywordLeafOf, metricsOf, signalOf, type Judged, type Thresholds } from '../src/modules/routing/model-evaluation';
import { chooseThresholds, thresholdCandidates } from '../src/modules/routing/model-training';
import { loadCorpus, loadShippedModel, shippedKeywords } from '../src/modules/routing/routing-corpus';
import { loadTextModel, MANUAL, type ModelMetrics } from '../src/modules/routing/text-model';

const out = (s: string) => process.stdout.write(`${s}\n`);
const model = loadTextModel(loadShippedModel());
const { decidesOn } = model;
const CANDIDATES = thresholdCandidates(decidesOn);

type Rule = (all: Map<string, ModelMetrics>) => Thresholds;

/** Most coverage among the candidates `ok` accepts (kept ≥ 0.85 as well), on equal coverage the more precise. */
function most(ok: (m: ModelMetrics, at: Thresholds, all: Map<string, ModelMetrics>) => boolean): Rule {
  return (all) => {
    let best: { at: Thresholds; m: ModelMetrics } | null = null;
    for (const at of CANDIDATES) {
      const m = all.get(`${at.threshold}/${at.aloneThreshold}`) as ModelMetrics;
      if (m.keptForPerson < 0.85 || !ok(m, at, all)) continue;
      if (!best || m.coverage > best.m.coverage || (m.coverage === best.m.coverage && m.precision > best.m.precision)) best = { at, m };
    }
    return best?.at ?? { threshold: 0.99, aloneThreshold: null, decidesOn };
  };
}

/** Wilson's lower bound of right/auto at z standard errors. */
function wilsonLow(right: number, n: number, z: number): number {
  if (n === 0) return 1;
  const p = right / n;
  const d = 1 + (z * z) / n;
  return (p + (z * z) / (2 * n) - z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
}

const rules: Record<string, Rule> = {
  'shipped (P ≥ 0.96)': most((m) => m.precision >= 0.96),
  'P ≥ 0.965': most((m) => m.precision >= 0.965),
  'P ≥ 0.97': most((m) => m.precision >= 0.97),
  'Wilson low z=1 ≥ 0.95': most((m) => wilsonLow(m.right, m.autoRouted, 1) >= 0.95),
  'Wilson low z=1.64 ≥ 0.95': most((m) => wilsonLow(m.right, m.autoRouted, 1.64) >= 0.95),
  // Not an isolated spike: the thresholds one and two steps lower (each, and both) keep 0.96 as well.
  'P ≥ 0.96 in a box of 0.02': most((m, at, all) => {
    if (m.precision < 0.96) return false;
    for (const dt of [0, 0.01, 0.02])
      for (const da of at.aloneThreshold === null ? [null] : [0, 0.01, 0.02]) {
        const t = Math.round((at.threshold - dt) * 100) / 100;
        const a = da === null || at.aloneThreshold === null ? null : Math.max(t, Math.round((at.aloneThreshold - da) * 1000) / 1000);
        const n = all.get(`${t}/${a}`);
        if (n && n.precision < 0.96) return false;
      }
    return true;
  }),
};

function draws(seed: number): () => number {
  let a = seed >>> 0;
  return () => (a = (Math.imul(a ^ (a >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0);
}

function main(): void {
  const halvings = Number(process.argv[2] ?? 100);
  const keywords = shippedKeywords();
  const dev = loadCorpus().filter((c) => c.split === 'dev');
  const seen = dev.map((call) => ({ call, prediction: model.predict(call.text), keywordLeaf: keywordLeafOf(keywords, call.text) }));
  const judgeOf = (part: typeof seen) => (at: Thresholds): Judged[] => part.map((d) => ({ call: d.call, routedTo: autoRoutes(d.prediction, d.keywordLeaf, at) }));
  const measureAll = (part: typeof seen) => {
    // metricsOf over every candidate, counted directly (the halvings measure ~4,000 candidates 100s of times).
    const calls = part.map((d) => ({ manual: d.call.label === MANUAL, first: d.prediction.top[0], sure: signalOf(d.prediction, decidesOn), agree: d.keywordLeaf === d.prediction.top[0]?.label, label: d.call.label }));
    const routable = calls.filter((c) => !c.manual).length;
    const person = calls.length - routable;
    const all = new Map<string, ModelMetrics>();
    for (const at of CANDIDATES) {
      let auto = 0, right = 0, kept = 0;
      for (const c of calls) {
        const routed = c.first.label !== MANUAL && ((c.agree && c.sure >= at.threshold) || (at.aloneThreshold !== null && c.sure >= at.aloneThreshold));
        if (routed) { auto++; if (c.first.label === c.label) right++; } else if (c.manual) kept++;
      }
      const ratio = (a: number, b: number) => (b === 0 ? 1 : Math.round((a / b) * 10000) / 10000);
      all.set(`${at.threshold}/${at.aloneThreshold}`, { precision: ratio(right, auto), coverage: ratio(right, routable), keptForPerson: ratio(kept, person), autoRouted: auto, right, routable, personCases: person, score: right - 5 * (auto - right) + kept });
    }
    return all;
  };
  const fidelity = chooseThresholds(judgeOf(seen), decidesOn);
  out(`chooseThresholds on the whole dev split: ${fidelity.threshold}/${fidelity.aloneThreshold}`);
  out(`model ${model.version}; ${dev.length} dev calls; ${halvings} halvings by leaf`);
  const wholeDev = measureAll(seen);
  for (const [name, rule] of Object.entries(rules)) {
    const at = rule(wholeDev);
    const m = metricsOf(judgeOf(seen)(at));
    out(`${name}: whole dev at ${at.threshold}/${at.aloneThreshold}: P ${m.precision}, coverage ${m.coverage}, kept ${m.keptForPerson}`);
  }
  const leaves = [...new Set(dev.map((c) => c.label).filter((l) => l !== MANUAL))].sort();
  const rows: Record<string, { drop: number[]; heldP: number[]; heldCov: number[]; below95: number }> = {};
  for (let h = 0; h < halvings; h++) {
    const next = draws(4242 + h);
    const inA = new Set(leaves.filter(() => next() % 2 === 0));
    const A = seen.filter((d) => d.call.label === MANUAL || inA.has(d.call.label));
    const B = seen.filter((d) => d.call.label === MANUAL || !inA.has(d.call.label));
    const allA = measureAll(A);
    for (const [name, rule] of Object.entries(rules)) {
      const at = rule(allA);
      const mA = metricsOf(judgeOf(A)(at));
      const mB = metricsOf(judgeOf(B)(at));
      const r = (rows[name] ??= { drop: [], heldP: [], heldCov: [], below95: 0 });
      r.drop.push(mA.precision - mB.precision);
      r.heldP.push(mB.precision);
      r.heldCov.push(mB.coverage);
      if (mB.precision < 0.95) r.below95++;
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
  for (const [name, r] of Object.entries(rows)) {
    out(`${name.padEnd(28)} held-out P ${mean(r.heldP).toFixed(4)} (sd ${sd(r.heldP).toFixed(4)}), below 0.95 in ${r.below95}/${halvings}, drop ${mean(r.drop).toFixed(4)}, held-out coverage ${mean(r.heldCov).toFixed(4)}`);
  }
}

main();
