/**
 * Routing learns from people (issue 17): dispatcher corrections become labelled examples (an
 * observer inside the ticket's own transaction, so a correction that rolls back teaches nothing);
 * `train` retrains on the corpus, the corrections (a dispatch's leaf) and the returns (the leaf the
 * call is not) and keeps the new model only if it is no worse
 * on the fixed test split; `restore` puts back the model the active one replaced.
 */
import type { Tx } from '../../db/knex';
import type { Clock } from '../../shared/clock';
import type { CategoryCatalog } from '../categories';
import type { DepartmentDirectory } from '../departments';
import type { TicketChangeFact, TicketChangeObserver } from '../tickets';
import { loadShippedModel } from './routing-corpus';
import type { RoutingExample, RoutingLearningRepository, StoredModel } from './routing-learning.repository';
import { loadTextModel, type ModelMetrics, type TextModel } from './text-model';
import { trainOnThread } from './training-thread';

export interface LearningDeps {
  repo: RoutingLearningRepository;
  catalog: CategoryCatalog;
  directory: DepartmentDirectory;
  clock: Clock;
}

export interface TrainingOutcome {
  model: StoredModel;
  /** The active model's figures on the same test split, the bar the new one had to reach. */
  bar: ModelMetrics;
}

export function createRoutingLearning(deps: LearningDeps) {
  const { repo, catalog, directory, clock } = deps;
  let shipped: TextModel | null = null;
  let cached: TextModel | null = null;

  const shippedModel = () => (shipped ??= loadTextModel(loadShippedModel()));

  /** The model in use: the active trained one, else the shipped one; re-read only when it changed. */
  async function currentModel(): Promise<TextModel> {
    const version = await repo.activeVersion();
    if (version === null) return shippedModel();
    if (cached?.version !== version) {
      const active = await repo.active();
      cached = active ? loadTextModel(active.model) : shippedModel();
    }
    return cached;
  }

  /** Does this department handle this leaf (its default department, or the district office of its function)? */
  function handles(departmentCode: string, categoryCode: string): boolean {
    const category = catalog.getByCode(categoryCode);
    if (!category) return false;
    if (category.defaultDepartmentId !== null && directory.get(category.defaultDepartmentId)?.code === departmentCode) return true;
    return category.districtFunction !== null && category.districtFunction !== undefined && departmentCode.endsWith(`-${category.districtFunction}`);
  }

  /**
   * The leaf a dispatch teaches: the ticket's category when the chosen department handles it; else
   * the leaf the model finds likeliest among those that department handles; null when it handles none.
   */
  function labelOf(text: string, departmentCode: string, categoryCode: string | null, model: TextModel): string | null {
    if (categoryCode !== null && handles(departmentCode, categoryCode)) return categoryCode;
    const candidates = model.data.labels.filter((l) => handles(departmentCode, l));
    if (candidates.length <= 1) return candidates[0] ?? null;
    const probabilities = model.scores(text);
    return candidates.reduce((best, l) => (probabilities[l] > probabilities[best] ? l : best));
  }

  const observerModel = () => cached ?? shippedModel();
  const textOf = (t: TicketChangeFact['after']) => `${t.title ?? ''} ${t.description}`.trim();
  const codeOf = (categoryId: number | null) => (categoryId === null ? null : (catalog.get(categoryId)?.code ?? null));

  /** The example a change teaches, if it is a person's dispatch or a return. */
  function exampleOf({ before, after, event }: TicketChangeFact, now: Date): RoutingExample | null {
    if (!before) return null;
    if (event.action === 'dispatch') {
      // Sending a return back to the same department rejects the return: no correction.
      if (event.data.returnRejected === true) return null;
      const departmentCode = String(event.data.departmentCode);
      const text = textOf(after);
      return {
        ticketId: after.id, text, departmentCode, rejectedCategoryCode: null, createdAt: now,
        categoryCode: labelOf(text, departmentCode, codeOf(after.category_id), observerModel()),
        source: before.status === 'returned' ? 'redispatch' : 'pool_dispatch',
      };
    }
    if (event.action === 'return' && before.department_id !== null) {
      return {
        ticketId: after.id, text: textOf(after), categoryCode: null, createdAt: now, source: 'return',
        departmentCode: directory.get(before.department_id)?.code ?? String(before.department_id),
        rejectedCategoryCode: codeOf(before.category_id),
      };
    }
    return null;
  }

  // A batch of dispatches writes its examples with one statement.
  const inTransactionMany = async (tx: Tx, facts: TicketChangeFact[]): Promise<void> => {
    const now = clock.now();
    await repo.addExamples(tx, facts.map((f) => exampleOf(f, now)).filter((e) => e !== null));
  };
  const observer: TicketChangeObserver = {
    inTransactionMany,
    inTransaction: (tx, fact) => inTransactionMany(tx, [fact]),
  };

  return {
    currentModel,
    observer,

    async train(): Promise<TrainingOutcome> {
      const now = clock.now();
      const [corrections, rejections, active] = await Promise.all([repo.labelledExamples(), repo.rejections(), currentModel()]);
      const { model, bar, accepted } = await trainOnThread({
        corrections, rejections, active: active.data,
        version: `m${now.toISOString().replace(/[-:TZ.]/gu, '').slice(0, 17)}`, now: now.toISOString(),
      });
      const reason = accepted
        ? `no worse than ${active.version} on the test split: ${figures(model.test)} vs ${figures(bar)}`
        : `refused: worse than ${active.version} on the test split: ${figures(model.test)} vs ${figures(bar)}`;
      return { model: await repo.store(model, { accepted, reason, now }), bar };
    },

    restore: () => repo.restorePrevious(),
    history: () => repo.history(),
  };
}

const figures = (m: ModelMetrics) => `precision ${m.precision}, coverage ${m.coverage}, kept for a person ${m.keptForPerson}, score ${m.score}`;

export type RoutingLearning = ReturnType<typeof createRoutingLearning>;
