/**
 * How a model is judged (the figures `npm run routing:eval` prints and docs/ROUTING.md keeps): what
 * it would auto-route and what it would leave to a person, on labelled calls.
 */
import { MANUAL, type ModelMetrics, type Prediction } from './text-model';

export interface LabelledText {
  text: string;
  /** A category leaf code, or MANUAL. */
  label: string;
}

/** The model's part of the routing decision: route the first label when it is sure enough. */
export function autoRoutes(prediction: Prediction, threshold: number): string | null {
  const [first] = prediction.top;
  return first && first.label !== MANUAL && first.confidence >= threshold ? first.label : null;
}

export interface Judged {
  call: LabelledText;
  routedTo: string | null;
}

export function metricsOf(judged: readonly Judged[]): ModelMetrics {
  const routable = judged.filter((j) => j.call.label !== MANUAL);
  const person = judged.filter((j) => j.call.label === MANUAL);
  const auto = judged.filter((j) => j.routedTo !== null);
  const right = auto.filter((j) => j.routedTo === j.call.label).length;
  const kept = person.filter((j) => j.routedTo === null).length;
  const ratio = (a: number, b: number) => (b === 0 ? 1 : Math.round((a / b) * 10000) / 10000);
  return {
    precision: ratio(right, auto.length),
    coverage: ratio(right, routable.length),
    keptForPerson: ratio(kept, person.length),
    autoRouted: auto.length,
    right,
    routable: routable.length,
    personCases: person.length,
    score: right - 5 * (auto.length - right) + kept,
  };
}

/** area (first segment of the code) of the label → area the call was routed to (or "pool") → count. */
export function confusionByArea(judged: readonly Judged[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const j of judged) {
    const from = j.call.label.split('.')[0];
    const to = j.routedTo === null ? 'pool' : j.routedTo === j.call.label ? 'right' : j.routedTo.split('.')[0];
    out[from] ??= {};
    out[from][to] = (out[from][to] ?? 0) + 1;
  }
  return out;
}

/**
 * A new model replaces the one in use only if it is no worse on the test split in any of the three
 * figures a dispatcher relies on, and not on the combined score either: a model that routes nothing
 * has perfect precision, so precision alone would let it in.
 */
export function isNoWorse(candidate: ModelMetrics, bar: ModelMetrics): boolean {
  return candidate.precision >= bar.precision && candidate.coverage >= bar.coverage && candidate.keptForPerson >= bar.keptForPerson && candidate.score >= bar.score;
}
