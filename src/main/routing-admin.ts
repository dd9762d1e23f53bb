import fs from 'node:fs';
import { categories } from '../db/reference/categories';
import { ConfigError, loadConfig } from '../config';
import { createContainer } from '../container';
import type { Classifier } from '../modules/routing/classifier';
import { autoRoutes, confusionByArea, judge, keywordLeafOf, metricsOf } from '../modules/routing/model-evaluation';
import { trainTextModel } from '../modules/routing/model-training';
import { corpusSplits, loadCorpus, loadShippedModel, modelLabels, shippedKeywords, shippedModelPath } from '../modules/routing/routing-corpus';
import { loadTextModel, MANUAL, type TextModel } from '../modules/routing/text-model';
import { createLogger } from '../shared/logger';

/**
 * The routing model's admin commands (issue 17):
 *   npm run routing:eval              the router (keywords + shipped model) on the fixed test split, and both alone (no database needed)
 *   npm run routing:train             retrain on the corpus and the dispatchers' corrections; kept only if no worse on test
 *   npm run routing:restore           put back the model the active one replaced
 *   npm run routing:ship -- <version> retrain from the corpus alone and write the shipped model file
 */
const out = (s: string) => process.stdout.write(`${s}\n`);

function evaluate(): number {
  const model = loadTextModel(loadShippedModel());
  const keywords = shippedKeywords();
  const test = loadCorpus().filter((c) => c.split === 'test');
  const started = process.hrtime.bigint();
  const judged = judge(model, keywords, test);
  const perCallMs = Number(process.hrtime.bigint() - started) / 1e6 / test.length;
  const m = metricsOf(judged);
  const alone = model.aloneThreshold === null ? 'never alone' : `alone at ≥ ${model.aloneThreshold}`;
  out(`router = model ${model.version} (temperature ${model.data.temperature}) with the keywords agreeing at ${model.decidesOn} ≥ ${model.threshold}, ${alone}; on the test split: ${test.length} calls, ${m.routable} routable, ${m.personCases} for a person`);
  out(`  precision among auto-routed  ${m.precision}  (${m.right} right of ${m.autoRouted} auto-routed)`);
  out(`  coverage of routable         ${m.coverage}`);
  out(`  person-dispatch kept in pool ${m.keptForPerson}`);
  out(`  right department (auto-routed) ${ratio(judged.filter((j) => j.routedTo !== null), (j) => departmentOf(j.routedTo as string) === departmentOf(j.call.label))}`);
  out(`  suggestions contain the leaf ${ratio(test.filter((c) => c.label !== MANUAL), (c) => suggestionsOf(model, keywords, c.text).includes(c.label))} (routable calls, model top 3 merged with the keywords' leaf)`);
  out(`  classification               ${perCallMs.toFixed(3)} ms per call (mean over the split, model and keywords)`);
  const kw = metricsOf(test.map((call) => ({ call, routedTo: keywords.classify(call.text)?.categoryCode ?? null })));
  out(`baseline, keyword lists alone (main before issue 17): precision ${kw.precision} (${kw.right}/${kw.autoRouted}), coverage ${kw.coverage}, person-dispatch kept ${kw.keptForPerson}`);
  const byModel = metricsOf(test.map((call) => ({ call, routedTo: modelAlone(model, call.text) })));
  out(`baseline, model alone at the agreement's ${model.decidesOn}: precision ${byModel.precision} (${byModel.right}/${byModel.autoRouted}), coverage ${byModel.coverage}, person-dispatch kept ${byModel.keptForPerson}; top-1 ${ratio(test, (c) => model.predict(c.text).top[0]?.label === c.label)}`);
  out('confusion by area of the router (true area → right | pool | wrong area):');
  for (const [area, row] of Object.entries(confusionByArea(judged)).sort()) {
    out(`  ${area.padEnd(10)} ${Object.entries(row).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
  return 0;
}

const departmentOf = (code: string) => {
  const c = categories.find((x) => x.code === code);
  return c ? `${c.defaultDepartmentCode}/${c.districtFunction ?? ''}` : code;
};

function modelAlone(model: TextModel, text: string): string | null {
  return autoRoutes(model.predict(text), null, { ...model, aloneThreshold: model.threshold });
}

function suggestionsOf(model: TextModel, keywords: Classifier, text: string): string[] {
  const leaf = keywordLeafOf(keywords, text);
  return [...model.predict(text).top.filter((t) => t.label !== MANUAL).slice(0, 3).map((t) => t.label), ...(leaf ? [leaf] : [])];
}

function ratio<T>(xs: readonly T[], f: (x: T) => boolean): string {
  return (xs.filter(f).length / Math.max(1, xs.length)).toFixed(3);
}

function ship(version: string | undefined): number {
  if (!version) throw new ConfigError('usage: npm run routing:ship -- <version>');
  const started = Date.now();
  const data = trainTextModel({ ...corpusSplits(), labels: modelLabels(), corrections: 0, rejections: [], keywords: shippedKeywords() }, { version, now: new Date() });
  fs.writeFileSync(shippedModelPath, `${JSON.stringify(data)}\n`);
  out(`wrote ${shippedModelPath}: model ${version} trained in ${Date.now() - started} ms; test ${JSON.stringify(data.test)}`);
  return 0;
}

async function withContainer(run: (c: Awaited<ReturnType<typeof createContainer>>) => Promise<number>): Promise<number> {
  const c = await createContainer(loadConfig(), { logger: createLogger('warn') });
  try {
    return await run(c);
  } finally {
    await c.close();
  }
}

async function main(): Promise<number> {
  const [command, arg] = process.argv.slice(2);
  switch (command) {
    case 'eval':
      return evaluate();
    case 'ship':
      return ship(arg);
    case 'train':
      return withContainer(async (c) => {
        const { model, bar } = await c.routingLearning.train();
        out(`model ${model.version}: ${model.status} (${model.reason}); test ${JSON.stringify(model.testMetrics)}; bar ${JSON.stringify(bar)}`);
        return model.status === 'accepted' ? 0 : 1;
      });
    case 'restore':
      return withContainer(async (c) => {
        const restored = await c.routingLearning.restore();
        out(restored ? `model ${restored.restoredAway} set aside; now in use: ${restored.nowActive ?? 'the shipped model'}` : 'nothing to restore: the shipped model is in use');
        return restored ? 0 : 1;
      });
    default:
      throw new ConfigError('usage: routing-admin eval | train | restore | ship <version>');
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `${(err as Error).stack ?? err}\n`);
    process.exit(2);
  },
);
