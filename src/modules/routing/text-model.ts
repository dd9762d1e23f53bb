/**
 * The trained routing model (SPEC §7.3): multinomial logistic regression over the features of
 * text-features.ts, its probabilities calibrated by a temperature fitted on the dev split, and the
 * confidence threshold below which a call goes to a person. Stored as JSON (sparse weights) with a
 * version; nothing is downloaded at run time. MANUAL is a label like the leaves: calls a person
 * should dispatch (vague, several departments, a crisis).
 */
import { features } from './text-features';

export const MANUAL = 'MANUAL';

/**
 * What a model's thresholds are compared with. `confidence`: the first leaf's calibrated probability
 * (models before r8). `lead`: how far the first leaf leads the second, 1 − p₂/p₁ (0 a tie, near 1 no
 * rival): a call torn between two leaves is unsure however little the other 112 get. On r7's dev
 * predictions it routed 0.016–0.019 more of the routable calls at the same precision (docs/ROUTING.md, r8).
 */
export type DecisionSignal = 'confidence' | 'lead';

export interface ModelMetrics {
  /** Right auto-routed / auto-routed, among routable calls and person-dispatch calls alike. */
  precision: number;
  /** Auto-routed right / routable calls (labels other than MANUAL). */
  coverage: number;
  /** Person-dispatch calls left to a person / person-dispatch calls. */
  keptForPerson: number;
  autoRouted: number;
  right: number;
  routable: number;
  personCases: number;
  /** One number to compare two models: right auto-routes, minus 5 per wrong one, plus person-dispatch calls kept. */
  score: number;
}

export interface TextModelData {
  version: string;
  createdAt: string;
  labels: string[];
  bias: number[];
  /** feature → [label index, weight, label index, weight, ...] (weights near zero are dropped). */
  weights: Record<string, number[]>;
  temperature: number;
  /** Absent: `confidence` (models before r8). */
  decidesOn?: DecisionSignal;
  /** The signal (`decidesOn`) at or above which the model's leaf is taken when the keyword lists name the same leaf. */
  threshold: number;
  /**
   * The confidence at or above which the model's leaf is taken whatever the keyword lists say (r4 on;
   * absent from earlier models, which route only when the keywords agree).
   */
  aloneThreshold?: number;
  /** `rejections`: calls returned as not theirs, trained as "not this leaf" (absent from models trained before them). */
  trainedOn: { corpusCalls: number; corrections: number; rejections?: number };
  dev: ModelMetrics;
  test: ModelMetrics;
}

export interface Prediction {
  /** Most likely first; at most 4, so that three leaves remain when MANUAL is among them. */
  top: { label: string; confidence: number }[];
  /** 1 − p₂/p₁ of the two likeliest labels (see DecisionSignal), from the unrounded probabilities. */
  lead: number;
  /** The features that pushed the first label up most, readable (words, not bigram markers). */
  words: string[];
}

export interface TextModel {
  readonly version: string;
  readonly threshold: number;
  /** null: this model routes only when the keyword lists agree. */
  readonly aloneThreshold: number | null;
  readonly decidesOn: DecisionSignal;
  readonly data: TextModelData;
  predict(text: string): Prediction;
  /** Every label's calibrated probability (to pick among the leaves a chosen department handles). */
  scores(text: string): Record<string, number>;
}

export function loadTextModel(data: TextModelData): TextModel {
  const weights = new Map(Object.entries(data.weights));
  const n = data.labels.length;

  function probabilities(active: string[]): Float64Array {
    const z = Float64Array.from(data.bias);
    for (const f of active) {
      const w = weights.get(f) as number[];
      for (let k = 0; k < w.length; k += 2) z[w[k]] += w[k + 1];
    }
    return softmax(z, data.temperature);
  }
  const activeFeatures = (text: string) => features(text).filter((f) => weights.has(f));

  function predict(text: string): Prediction {
    const active = activeFeatures(text);
    const probs = probabilities(active);
    const order = [...probs.keys()].sort((a, b) => probs[b] - probs[a]).slice(0, Math.min(4, n));
    const best = order[0];
    const contributions = active
      .map((f) => {
        const w = weights.get(f) as number[];
        let c = 0;
        for (let k = 0; k < w.length; k += 2) if (w[k] === best) c = w[k + 1];
        return { f, c };
      })
      .filter((x) => x.c > 0)
      .sort((a, b) => b.c - a.c);
    // Words first (w:, t:), then bigrams; the keyword features (k:<leaf>) name no word a person said.
    const said = (prefixes: string[]) => contributions.filter((x) => prefixes.includes(x.f.slice(0, 2))).map((x) => x.f.slice(2));
    const words = [...new Set([...said(['w:', 't:']), ...said(['b:'])])].slice(0, 5);
    const lead = order.length < 2 ? 1 : 1 - probs[order[1]] / probs[order[0]];
    return { top: order.map((i) => ({ label: data.labels[i], confidence: round(probs[i]) })), lead: round(lead), words };
  }

  function scores(text: string): Record<string, number> {
    const probs = probabilities(activeFeatures(text));
    return Object.fromEntries(data.labels.map((l, i) => [l, probs[i]]));
  }

  return { version: data.version, threshold: data.threshold, aloneThreshold: data.aloneThreshold ?? null, decidesOn: data.decidesOn ?? 'confidence', data, predict, scores };
}

export function softmax(z: ArrayLike<number>, temperature = 1): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < z.length; i++) max = Math.max(max, z[i] / temperature);
  const out = new Float64Array(z.length);
  let sum = 0;
  for (let i = 0; i < z.length; i++) sum += out[i] = Math.exp(z[i] / temperature - max);
  for (let i = 0; i < z.length; i++) out[i] /= sum;
  return out;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
