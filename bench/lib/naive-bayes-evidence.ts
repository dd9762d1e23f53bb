/**
 * Naive Bayes's view of the training calls, which routing-dev-sweep.ts can add to the logistic
 * regression's weights (the r8 candidate of docs/ROUTING.md, measured on dev and not shipped): for each feature and each label it was seen with, log(1 + its count under the
 * label), the count scaled by how many features the label's calls hold against the average label (so
 * that a leaf with long or many calls does not get more evidence for every word). A word seen under
 * several leaves then speaks a little for each of them, which the regression alone, fitting every call, does not
 * keep: it leans on whichever word separates the calls best and is sure of one leaf.
 */

export interface CountedExample {
  /** The example's feature indexes (each once). */
  idx: readonly number[];
  /** Its label's index. */
  y: number;
}

/** Feature index × labels + label index → evidence; only the pairs seen together are present. */
export function naiveBayesEvidence(examples: readonly CountedExample[], labels: number): Map<number, number> {
  const counts = new Map<number, number>();
  const mass = new Float64Array(labels);
  for (const e of examples) {
    mass[e.y] += e.idx.length;
    for (const f of e.idx) counts.set(f * labels + e.y, (counts.get(f * labels + e.y) ?? 0) + 1);
  }
  const average = mass.reduce((s, m) => s + m, 0) / labels;
  const evidence = new Map<number, number>();
  for (const [k, n] of counts) evidence.set(k, Math.log(1 + (n * average) / mass[k % labels]));
  return evidence;
}
