/**
 * What the thresholds should be compared with (issue 17, docs/ROUTING.md "r8"), measured on the DEV
 * split alone with the shipped model's predictions: nothing is trained, the test split is never read.
 * For each signal, the most coverage at dev precision 0.95 / 0.96 / 0.97 (≥ 0.85 of the calls for a
 * person kept), and the precision and coverage it keeps on the leaves it was not chosen on (random
 * halves by leaf, as routing-threshold-halves.ts).
 *   nice -n 15 node dist/bench/routing-signal-experiment.js [halvings]
 */
import { autoRoutes, keywordLeafOf, metricsOf, type Thresholds } from '../src/modules/routing/model-evaluation';
import { thresholdCandidates } from '../src/modules/routing/model-training';
import { loadCorpus, loadShippedModel, shippedKeywords } from '../src/modules/routing/routing-corpus';
import { loadTextModel, MANUAL, type DecisionSignal, type ModelMetrics, type Prediction } from '../src/modules/routing/text-model';
import { seededRandom } from './lib/stats';

const out = (s: string) => process.stdout.write(`${s}\n`);
type Seen = { label: string; prediction: Prediction; keywordLeaf: string | null };

const measure = (part: readonly Seen[], at: Thresholds): ModelMetrics =>
  metricsOf(part.map((d) => ({ call: { text: '', label: d.label }, routedTo: autoRoutes(d.prediction, d.keywordLeaf, at) })));

/** The most covering candidate at dev precision ≥ target with ≥ 0.85 kept for a person (as chooseThresholds). */
function mostCovering(part: readonly Seen[], decidesOn: DecisionSignal, target: number): { at: Thresholds; m: ModelMetrics } | null {
  let best: { at: Thresholds; m: ModelMetrics } | null = null;
  for (const at of thresholdCandidates(decidesOn)) {
    const m = measure(part, at);
    if (m.precision >= target && m.keptForPerson >= 0.85 && (!best || m.coverage > best.m.coverage)) best = { at, m };
  }
  return best;
}

function main(): void {
  const halvings = Number(process.argv[2] ?? 40);
  const model = loadTextModel(loadShippedModel());
  const keywords = shippedKeywords();
  const seen: Seen[] = loadCorpus()
    .filter((c) => c.split === 'dev')
    .map((call) => ({ label: call.label, prediction: model.predict(call.text), keywordLeaf: keywordLeafOf(keywords, call.text) }));
  const signals: DecisionSignal[] = ['confidence', 'lead'];
  out(`model ${model.version}; ${seen.length} dev calls`);
  for (const target of [0.95, 0.96, 0.97]) {
    for (const signal of signals) {
      const b = mostCovering(seen, signal, target);
      out(`dev precision ≥ ${target}, ${signal.padEnd(10)}: ${b ? `${b.at.threshold}/${b.at.aloneThreshold} P ${b.m.precision} coverage ${b.m.coverage} kept ${b.m.keptForPerson}` : 'not reachable'}`);
    }
  }
  const leaves = [...new Set(seen.map((d) => d.label).filter((l) => l !== MANUAL))].sort();
  for (const signal of signals) {
    const held = { precision: 0, coverage: 0, below: 0 };
    for (let h = 0; h < halvings; h++) {
      const rnd = seededRandom(4242 + h);
      const inA = new Set(leaves.filter(() => rnd.next() < 0.5));
      const A = seen.filter((d) => d.label === MANUAL || inA.has(d.label));
      const B = seen.filter((d) => d.label === MANUAL || !inA.has(d.label));
      const chosen = mostCovering(A, signal, 0.96);
      const m = measure(B, chosen?.at ?? { threshold: 0.99, aloneThreshold: null, decidesOn: signal });
      held.precision += m.precision / halvings;
      held.coverage += m.coverage / halvings;
      if (m.precision < 0.95) held.below++;
    }
    out(`chosen at 0.96 on half the leaves, on the other half (${halvings} halvings), ${signal.padEnd(10)}: P ${held.precision.toFixed(4)}, coverage ${held.coverage.toFixed(4)}, P below 0.95 in ${held.below}`);
  }
}

main();
