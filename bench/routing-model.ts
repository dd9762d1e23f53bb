/**
 * How long the routing model takes: classifying one call (every corpus call, after a warm-up, each
 * timed alone: p50/p99/max) and training from scratch (corpus only). One process, no database.
 *
 *   npm run build && node dist/bench/routing-model.js
 */
import os from 'node:os';
import { trainTextModel } from '../src/modules/routing/model-training';
import { corpusSplits, loadCorpus, loadShippedModel, modelLabels, shippedKeywords } from '../src/modules/routing/routing-corpus';
import { loadTextModel } from '../src/modules/routing/text-model';

const started = process.hrtime.bigint();
const model = loadTextModel(loadShippedModel());
model.predict('预热：加载分词词典');
const loadMs = Number(process.hrtime.bigint() - started) / 1e6;

const calls = loadCorpus();
for (const c of calls.slice(0, 200)) model.predict(c.text);
// Wall time, and the CPU time the process spent: on a shared machine (load above the core count) the
// wall time's tail is mostly the process waiting for a core, which the CPU time leaves out.
const times: number[] = [];
const cpuTimes: number[] = [];
for (const c of calls) {
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  model.predict(c.text);
  const cpu = process.cpuUsage(cpu0);
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  cpuTimes.push((cpu.user + cpu.system) / 1000);
}
const quantiles = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(3);
  return `mean ${(xs.reduce((s, x) => s + x, 0) / xs.length).toFixed(3)} ms, p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`;
};

const t1 = Date.now();
trainTextModel({ ...corpusSplits(), labels: modelLabels(), corrections: 0, rejections: [], keywords: shippedKeywords() }, { version: 'bench', now: new Date() });
const trainMs = Date.now() - t1;

process.stdout.write(
  `model ${model.version}: load + dictionary ${loadMs.toFixed(0)} ms; classify one call (${times.length} calls): wall ${quantiles(times)}; ` +
    `CPU ${quantiles(cpuTimes)}; train from scratch ${trainMs} ms (load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)\n`,
);
