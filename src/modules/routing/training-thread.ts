/**
 * Retraining on a thread of its own. Training is ~25 s of CPU (docs/ROUTING.md) and judging a model
 * on the test split most of another second: on the worker process's event loop that would hold up
 * routing, SLA timers and 110 hand-overs for as long, every night, and let their job locks lapse.
 * The thread reads the corpus itself; what crosses over is the corrections and the active model in,
 * the new model out.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { isNoWorse, judge, metricsOf, type LabelledText } from './model-evaluation';
import { trainTextModel, type RejectedText } from './model-training';
import { corpusSplits, modelLabels, shippedKeywords } from './routing-corpus';
import { loadTextModel, type ModelMetrics, type TextModelData } from './text-model';

export interface TrainingRequest {
  corrections: LabelledText[];
  rejections: RejectedText[];
  version: string;
  /** ISO instant (a Date does not cross over as one). */
  now: string;
  /** The model in use, which the new one must be no worse than. */
  active: TextModelData;
}

/** The new model as the thread made it: `json` to be stored whole, the figures to decide on. */
export interface TrainedModel {
  version: string;
  test: ModelMetrics;
  /** Its TextModelData as JSON: a string crosses between threads in a copy, an object of 86,000 weight rows in a quarter-second's parse. */
  json: string;
}

export interface TrainingResult {
  model: TrainedModel;
  /** The active model's figures on the same test split, the bar the new one had to reach. */
  bar: ModelMetrics;
  accepted: boolean;
}

const marker = 'routing-training';

function train(req: TrainingRequest): TrainingResult {
  const splits = corpusSplits();
  const keywords = shippedKeywords();
  const data = trainTextModel(
    { train: [...splits.train, ...req.corrections], dev: splits.dev, test: splits.test, labels: modelLabels(), corrections: req.corrections.length, rejections: req.rejections, keywords },
    { version: req.version, now: new Date(req.now) },
  );
  const bar = metricsOf(judge(loadTextModel(req.active), keywords, splits.test));
  return { model: { version: data.version, test: data.test, json: JSON.stringify(data) }, bar, accepted: isNoWorse(data.test, bar) };
}

/** Trains (and judges against the active model) on a new thread; the caller's event loop stays free. */
export function trainOnThread(req: TrainingRequest): Promise<TrainingResult> {
  return new Promise((resolve, reject) => {
    const thread = new Worker(__filename, { workerData: { marker, req } });
    thread.once('message', (result: TrainingResult) => resolve(result));
    thread.once('error', reject);
    // After its answer this changes nothing; before it, the thread died without one.
    thread.once('exit', (code) => reject(new Error(`routing training thread exited with code ${code} before answering`)));
  });
}

if (!isMainThread && (workerData as { marker?: string } | null)?.marker === marker) {
  parentPort?.postMessage(train((workerData as { req: TrainingRequest }).req));
}
