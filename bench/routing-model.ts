/**
 * How long the routing model takes: classifying one call (every corpus call, after a warm-up, each
 * timed alone: p50/p99/max) and training from scratch (corpus only). One process, no database.
 *
 *   npm run build && node dist/bench/routing-model.js
 */
import { trainTextModel } from '../src/modules/routing/model-training';
import { corpusSplits, loadCorpus, loadShippedModel, modelLabels, shippedKeywords } from '../src/modules/routing/routing-corpus';
import { loadTextModel } from '../src/modules/routing/text-model';

const started = process.hrtime.bigint();
const model = loadTextModel(loadShippedModel());
model.predict('预热：加载分词词典');
const loadMs = Number(process.hrtime.bigint() - started) / 1e6;

const calls = loadCorpus();
for (const c of calls.slice(0, 200)) model.predict(c.text);
const times: number[] = [];
for (const c of calls) {
  const t0 = process.hrtime.bigint();
  model.predict(c.text);
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(3);

const t1 = Date.now();
trainTextModel({ ...corpusSplits(), labels: modelLabels(), corrections: 0, rejections: [], keywords: shippedKeywords() }, { version: 'bench', now: new Date() });
const trainMs = Date.now() - t1;

process.stdout.write(
  `model ${model.version}: load + dictionary ${loadMs.toFixed(0)} ms; classify one call (${times.length} calls, mean ${(times.reduce((s, x) => s + x, 0) / times.length).toFixed(3)} ms): ` +
    `p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms; train from scratch ${trainMs} ms\n`,
);
