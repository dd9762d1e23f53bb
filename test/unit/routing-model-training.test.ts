// Training the routing model (issue 17): a call a department returned as not theirs teaches the model
// that the call is not that leaf.
import { expect } from 'chai';
import { createClassifier } from '../../src/modules/routing/classifier.js';
import { autoRoutes, type Judged, type Thresholds } from '../../src/modules/routing/model-evaluation.js';
import { chooseThresholds, trainTextModel, type RejectedText, type TrainingSet } from '../../src/modules/routing/model-training.js';
import { loadTextModel, MANUAL, type Prediction, type TextModelData } from '../../src/modules/routing/text-model.js';

const noise = 'ENV.NOISE.NIGHT_CONSTRUCTION';
const neighbour = 'CIVIL.NEIGHBOUR';
const calls = (label: string, texts: string[]) => texts.map((text) => ({ text, label }));
const train = [
  ...calls(noise, ['工地半夜还在打桩', '夜里工地施工声音很响', '凌晨工地电焊敲钢管', '工地晚上浇混凝土吵得睡不着']),
  ...calls(neighbour, ['楼上邻居半夜跺脚', '跟邻居吵架想请人调解', '邻居把杂物堆在我家门口', '楼上邻居家小孩天天跳']),
];
const dev = [...calls(noise, ['工地夜里开挖掘机']), ...calls(neighbour, ['邻居跟我吵起来了'])];
const set = (rejections: RejectedText[]): TrainingSet => ({
  train, dev, test: dev, labels: [noise, neighbour], corrections: 0, rejections, keywords: createClassifier([]),
});

describe('routing model training (issue 17)', () => {
  const returned = '楼上晚上咚咚响，吵得睡不着';

  it('when a department returned a call as not its leaf, then the retrained model finds that leaf less likely for the call, and says it learnt from one return', () => {
    const meta = { version: 't', now: new Date('2026-12-01T00:00:00Z') };
    const without = trainTextModel(set([]), meta);
    const withReturn = trainTextModel(set([{ text: returned, notLabel: noise }]), meta);
    const before = loadTextModel(without).scores(returned)[noise];
    const after = loadTextModel(withReturn).scores(returned)[noise];
    expect(after).to.be.below(before);
    expect(withReturn.trainedOn).to.deep.equal({ corpusCalls: train.length, corrections: 0, rejections: 1 });
  });

  it('when a return names a leaf the model does not know, then it is ignored rather than breaking the training', () => {
    const data = trainTextModel(set([{ text: returned, notLabel: 'NO.SUCH.LEAF' }]), { version: 't', now: new Date() });
    expect(data.trainedOn.rejections).to.equal(0);
    expect(loadTextModel(data).predict('工地半夜打桩').top[0].label).to.equal(noise);
  });

  describe('choosing the thresholds on the dev split', () => {
    // 300 routable dev calls and 10 for a person. Below `leakBelow`, 2 of the 10 person calls are routed
    // (precision stays 300/302); from it on, none is, and 50 routable calls wait for a person too.
    const devJudged = (leakBelow: number) => (at: Thresholds): Judged[] => {
      const low = at.threshold < leakBelow;
      return [
        ...Array.from({ length: 300 }, (_, i) => ({ call: { text: `r${i}`, label: noise }, routedTo: low || i < 250 ? noise : null })),
        ...Array.from({ length: 10 }, (_, i) => ({ call: { text: `p${i}`, label: MANUAL }, routedTo: low && i < 2 ? noise : null })),
      ];
    };

    it('when the most covering thresholds would route a fifth of the calls meant for a person, then higher ones that keep them are chosen', () => {
      expect(chooseThresholds(devJudged(0.8), 'lead').threshold).to.be.at.least(0.8);
    });

    it('when no thresholds keep enough of the calls meant for a person, then the most covering precise ones are still chosen', () => {
      expect(chooseThresholds(devJudged(2), 'lead').threshold).to.be.below(0.8);
    });
  });

  describe('what the thresholds are compared with (r8: the first leaf\'s lead over the second)', () => {
    // Sure of its first leaf by confidence (0.6), but torn: the second has 0.35.
    const torn: Prediction = { top: [{ label: noise, confidence: 0.6 }, { label: neighbour, confidence: 0.35 }], lead: 0.417, words: [] };
    // Less confident (0.5), but with no rival near it.
    const alone: Prediction = { top: [{ label: noise, confidence: 0.5 }, { label: neighbour, confidence: 0.05 }], lead: 0.9, words: [] };

    it('when a model decides on the lead, then a call torn between two leaves waits for a person and a clear one is routed, whatever their confidence', () => {
      const at: Thresholds = { threshold: 0.7, aloneThreshold: 0.8, decidesOn: 'lead' };
      expect(autoRoutes(torn, noise, at)).to.equal(null);
      expect(autoRoutes(alone, null, at)).to.equal(noise);
    });

    it('when a model from before r8 is restored (no decidesOn stored), then it decides on the confidence it was chosen with', () => {
      const data = trainTextModel(set([]), { version: 't', now: new Date() });
      const { decidesOn: _signal, ...before } = data;
      const restored = loadTextModel({ ...before, threshold: 0.55, aloneThreshold: 0.55 } as TextModelData);
      expect(restored.decidesOn).to.equal('confidence');
      expect(autoRoutes(torn, null, restored)).to.equal(noise);
      expect(autoRoutes(alone, null, restored)).to.equal(null);
    });

    it('when a model is trained, then it decides on the lead, and a prediction\'s lead is 1 − p2/p1 of its two likeliest labels', () => {
      const model = loadTextModel(trainTextModel(set([]), { version: 't', now: new Date() }));
      expect(model.decidesOn).to.equal('lead');
      const scores = Object.values(model.scores('工地半夜打桩')).sort((a, b) => b - a);
      expect(model.predict('工地半夜打桩').lead).to.be.closeTo(1 - scores[1] / scores[0], 0.001);
    });
  });
});
