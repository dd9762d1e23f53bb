/**
 * The routing model as `npm run routing:ship` trains it, judged on the DEV split only (issue 17): the
 * test split is not handed to the training (an empty one is), so no figure of it is computed. For
 * comparing a change to the features or the training with the shipped settings without spending the
 * test split:
 *   nice -n 15 node dist/bench/routing-dev-experiment.js
 */
import { autoRoutes, keywordLeafOf, metricsOf, type Thresholds } from '../src/modules/routing/model-evaluation';
import { thresholdCandidates, trainTextModel } from '../src/modules/routing/model-training';
import { corpusSplits, modelLabels, shippedKeywords } from '../src/modules/routing/routing-corpus';
import { loadTextModel } from '../src/modules/routing/text-model';

const out = (s: string) => process.stdout.write(`${s}\n`);

function main(): void {
  const { train, dev } = corpusSplits();
  const keywords = shippedKeywords();
  const started = Date.now();
  const data = trainTextModel({ train, dev, test: [], labels: modelLabels(), corrections: 0, rejections: [], keywords }, { version: 'dev-experiment', now: new Date() });
  const seconds = (Date.now() - started) / 1000;
  const model = loadTextModel(data);
  const predicting = process.hrtime.bigint();
  const seen = dev.map((call) => ({ call, prediction: model.predict(call.text), keywordLeaf: keywordLeafOf(keywords, call.text) }));
  const perCallMs = Number(process.hrtime.bigint() - predicting) / 1e6 / dev.length;
  const metricsAt = (at: Thresholds) => metricsOf(seen.map((d) => ({ call: d.call, routedTo: autoRoutes(d.prediction, d.keywordLeaf, at) })));
  const firstGuess = seen.filter((d) => d.prediction.top[0]?.label === d.call.label).length / seen.length;
  const m = data.dev;
  out(`dev: precision ${m.precision} (${m.right}/${m.autoRouted}), coverage ${m.coverage}, kept ${m.keptForPerson}, score ${m.score}; first guess ${firstGuess.toFixed(4)}`);
  out(`thresholds on ${model.decidesOn}: agree ≥ ${data.threshold}, alone ≥ ${data.aloneThreshold ?? 'never'}; temperature ${data.temperature}`);
  // The most coverage at other dev precisions (kept ≥ 0.85 too): whether a gain holds along the curve or only at one point.
  const measured = thresholdCandidates(model.decidesOn).map(metricsAt);
  const curve = [0.95, 0.955, 0.96, 0.965, 0.97].map((target) => {
    const covered = measured.filter((x) => x.precision >= target && x.keptForPerson >= 0.85).map((x) => x.coverage);
    return `${target}: ${Math.max(0, ...covered).toFixed(3)}`;
  });
  out(`coverage at dev precision ≥ ${curve.join(', ')}`);
  out(`model: ${Object.keys(data.weights).length} features, ${(Buffer.byteLength(JSON.stringify(data)) / 1e6).toFixed(1)} MB; trained in ${seconds.toFixed(1)} s; ${perCallMs.toFixed(3)} ms per dev call (mean, model and keywords)`);
}

main();
