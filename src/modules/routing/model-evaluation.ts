/**
 * How a model is judged (the figures `npm run routing:eval` prints and docs/ROUTING.md keeps): what
 * it would auto-route and what it would leave to a person, on labelled calls.
 */
import { callerFocus } from './caller-focus';
import type { Classifier } from './classifier';
import { MANUAL, type DecisionSignal, type ModelMetrics, type Prediction, type TextModel } from './text-model';

export interface LabelledText {
  text: string;
  /** A category leaf code, or MANUAL. */
  label: string;
}

/** The two thresholds a decision is taken at (both chosen on the dev split), and what they are compared with. */
export type Thresholds = Pick<TextModel, 'threshold' | 'aloneThreshold' | 'decidesOn'>;

/**
 * The routing decision on a call's category (docs/ROUTING.md, "What decides"): auto-route when the
 * catalogue's keywords and the model name the same leaf and the model's signal for it (`decidesOn`:
 * its confidence, or since r8 its lead over the second leaf) is at least `threshold`, or when that
 * signal alone is at least `aloneThreshold` (higher: the keyword lists are
 * right for only half of the calls, and where they say nothing or something else only a model that
 * sure is right often enough). Otherwise, or when the model thinks a person should dispatch, the
 * dispatcher decides with both opinions in front of them.
 */
export function autoRoutes(prediction: Prediction, keywordLeaf: string | null, at: Thresholds): string | null {
  const [first] = prediction.top;
  if (!first || first.label === MANUAL) return null;
  const sure = signalOf(prediction, at.decidesOn);
  const agreed = keywordLeaf !== null && first.label === keywordLeaf && sure >= at.threshold;
  const sureAlone = at.aloneThreshold !== null && sure >= at.aloneThreshold;
  return agreed || sureAlone ? first.label : null;
}

/** The figure of a prediction that a model's thresholds are compared with (text-model.ts DecisionSignal). */
export function signalOf(prediction: Prediction, decidesOn: DecisionSignal): number {
  return decidesOn === 'lead' ? prediction.lead : (prediction.top[0]?.confidence ?? 0);
}

/** Classifies for the decision: the keyword lists read only the caller's ask, as the model does. */
export function keywordLeafOf(keywords: Classifier, text: string): string | null {
  return keywords.classify(callerFocus(text))?.categoryCode ?? null;
}

/** What the combined router does with each call. */
export function judge(model: TextModel, keywords: Classifier, calls: readonly LabelledText[], at: Thresholds = model): Judged[] {
  return calls.map((call) => ({ call, routedTo: autoRoutes(model.predict(call.text), keywordLeafOf(keywords, call.text), at) }));
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
