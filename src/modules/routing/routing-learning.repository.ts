/** The only place that touches routing_examples and routing_models. */
import type { Db, Tx } from '../../db/knex';
import { readVersion } from '../../db/version-reads';
import type { ModelMetrics, TextModelData } from './text-model';
import type { TrainedModel } from './training-thread';

export interface RoutingExample {
  ticketId: number;
  text: string;
  categoryCode: string | null;
  departmentCode: string;
  rejectedCategoryCode: string | null;
  source: 'pool_dispatch' | 'redispatch' | 'return';
  createdAt: Date;
}

export interface StoredModel {
  id: number;
  version: string;
  status: 'accepted' | 'refused' | 'restored_away';
  reason: string;
  active: boolean;
  replacedId: number | null;
  testMetrics: ModelMetrics;
  createdAt: Date;
}

interface ModelRow {
  id: number;
  version: string;
  status: StoredModel['status'];
  reason: string;
  active: boolean;
  replaced_id: number | null;
  test_metrics: ModelMetrics;
  created_at: Date;
}

const toModel = (r: ModelRow): StoredModel => ({
  id: r.id, version: r.version, status: r.status, reason: r.reason, active: r.active, replacedId: r.replaced_id, testMetrics: r.test_metrics, createdAt: r.created_at,
});
const summaryColumns = ['id', 'version', 'status', 'reason', 'active', 'replaced_id', 'test_metrics', 'created_at'];

export function createRoutingLearningRepository(db: Db) {
  return {
    async addExamples(tx: Tx, examples: RoutingExample[]): Promise<void> {
      if (!examples.length) return;
      await tx('routing_examples').insert(examples.map((e) => ({
        ticket_id: e.ticketId, text: e.text, category_code: e.categoryCode, department_code: e.departmentCode,
        rejected_category_code: e.rejectedCategoryCode, source: e.source, created_at: e.createdAt,
      })));
    },

    /** Examples that name a category: what a model can learn from. */
    async labelledExamples(): Promise<{ text: string; label: string }[]> {
      const rows = await db('routing_examples').whereNotNull('category_code').orderBy('id').select('text', 'category_code');
      return rows.map((r: { text: string; category_code: string }) => ({ text: r.text, label: r.category_code }));
    },

    /** Returns that name the category the ticket had: what a model can learn the call is not. */
    async rejections(): Promise<{ text: string; notLabel: string }[]> {
      const rows = await db('routing_examples').where({ source: 'return' }).whereNotNull('rejected_category_code').orderBy('id').select('text', 'rejected_category_code');
      return rows.map((r: { text: string; rejected_category_code: string }) => ({ text: r.text, notLabel: r.rejected_category_code }));
    },

    async examplesOfTicket(ticketId: number): Promise<RoutingExample[]> {
      const rows = await db('routing_examples').where({ ticket_id: ticketId }).orderBy('id');
      return rows.map((r) => ({
        ticketId: Number(r.ticket_id), text: r.text, categoryCode: r.category_code, departmentCode: r.department_code,
        rejectedCategoryCode: r.rejected_category_code, source: r.source, createdAt: r.created_at,
      }));
    },

    /** The version of the model in use, or null for the shipped one (one indexed row per ticket). */
    async activeVersion(): Promise<string | null> {
      return readVersion(db, 'select version from routing_models where active limit 1');
    },

    async active(): Promise<{ summary: StoredModel; model: TextModelData } | null> {
      const row = await db('routing_models').where({ active: true }).first();
      return row ? { summary: toModel(row), model: row.model } : null;
    },

    async byId(id: number): Promise<{ summary: StoredModel; model: TextModelData } | null> {
      const row = await db('routing_models').where({ id }).first();
      return row ? { summary: toModel(row), model: row.model } : null;
    },

    async history(): Promise<StoredModel[]> {
      return (await db('routing_models').orderBy('id', 'desc').select(summaryColumns)).map(toModel);
    },

    /**
     * Stores a trained model; an accepted one becomes the active model in the same transaction.
     * `model.json` goes into the jsonb column as it is: the model is never parsed on this thread.
     */
    async store(model: TrainedModel, outcome: { accepted: boolean; reason: string; now: Date }): Promise<StoredModel> {
      return db.transaction(async (tx) => {
        const current = outcome.accepted ? await tx('routing_models').where({ active: true }).forUpdate().first('id') : undefined;
        if (current) await tx('routing_models').where({ id: current.id }).update({ active: false });
        const [row] = await tx('routing_models')
          .insert({
            version: model.version, model: model.json, test_metrics: model.test, status: outcome.accepted ? 'accepted' : 'refused', reason: outcome.reason,
            active: outcome.accepted, replaced_id: outcome.accepted ? (current?.id ?? null) : null, created_at: outcome.now,
          })
          .returning(summaryColumns);
        return toModel(row);
      });
    },

    /** Puts back the model the active one replaced (none: the shipped model). Null when nothing is to restore. */
    async restorePrevious(): Promise<{ restoredAway: string; nowActive: string | null } | null> {
      return db.transaction(async (tx) => {
        const current = await tx('routing_models').where({ active: true }).forUpdate().first('id', 'version', 'replaced_id');
        if (!current) return null;
        await tx('routing_models').where({ id: current.id }).update({ active: false, status: 'restored_away' });
        if (current.replaced_id === null) return { restoredAway: current.version, nowActive: null };
        const [previous] = await tx('routing_models').where({ id: current.replaced_id }).update({ active: true, status: 'accepted' }).returning('version');
        return { restoredAway: current.version, nowActive: previous.version };
      });
    },
  };
}

export type RoutingLearningRepository = ReturnType<typeof createRoutingLearningRepository>;
