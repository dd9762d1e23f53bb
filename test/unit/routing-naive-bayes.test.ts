// Naive Bayes's evidence added to the routing model's weights (issue 17, the r8 candidate: a dev-split experiment, not shipped).
import { expect } from 'chai';
import { naiveBayesEvidence } from '../../bench/lib/naive-bayes-evidence.js';

describe('Naive Bayes evidence for the routing model (issue 17)', () => {
  // Two labels, features 0..2. Feature 0 is seen under label 0 twice; feature 1 under both labels; feature 2 never.
  const examples = [
    { idx: [0, 1], y: 0 },
    { idx: [0], y: 0 },
    { idx: [1], y: 1 },
  ];
  const evidence = naiveBayesEvidence(examples, 2);
  /** The key of a feature and label pair: feature index × labels + label index. */
  const at = (feature: number, label: number) => feature * 2 + label;

  it('when a feature was seen only under one label, then only that label gets evidence from it', () => {
    expect(evidence.get(at(0, 0))).to.be.above(0);
    expect(evidence.has(at(0, 1))).to.equal(false);
    expect(evidence.has(at(2, 0))).to.equal(false);
  });

  it('when a feature was seen under several labels, then each of them gets some evidence', () => {
    expect(evidence.get(at(1, 0))).to.be.above(0);
    expect(evidence.get(at(1, 1))).to.be.above(0);
  });

  it('when a feature was seen more often under a label, then it speaks more for it, by the log of the count', () => {
    // Label 0 holds 3 features and label 1 holds 1 (average 2): counts are scaled by 2/3 and 2.
    expect(evidence.get(at(0, 0))).to.be.closeTo(Math.log(1 + (2 * 2) / 3), 1e-12);
    expect(evidence.get(at(1, 0))).to.be.closeTo(Math.log(1 + (1 * 2) / 3), 1e-12);
  });

  it('when a label holds fewer features, then one sighting under it counts more (the counts are scaled by the label\'s share)', () => {
    expect(evidence.get(at(1, 1))).to.be.closeTo(Math.log(1 + 2), 1e-12);
    expect(evidence.get(at(1, 1)) as number).to.be.above(evidence.get(at(1, 0)) as number);
  });
});
