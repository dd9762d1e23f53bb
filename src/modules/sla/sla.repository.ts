import type { Db } from '../../db/knex';
import type { DurationUnit } from './working-calendar';

export interface SlaPolicy {
  id: number;
  name: string;
  type: string | null;
  urgency: string | null;
  categoryCode: string | null;
  accept: { amount: number; unit: DurationUnit };
  reply: { amount: number; unit: DurationUnit };
  returnWindowWorkingDays: number;
  maxExtensionWorkingDays: number;
}

export function createSlaRepository(db: Db) {
  return {
    async activePolicies(): Promise<SlaPolicy[]> {
      const rows = await db('sla_policies').where({ active: true }).orderBy('id');
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        type: r.type,
        urgency: r.urgency,
        categoryCode: r.category_code,
        accept: { amount: r.accept_amount, unit: r.accept_unit },
        reply: { amount: r.reply_amount, unit: r.reply_unit },
        returnWindowWorkingDays: r.return_window_working_days,
        maxExtensionWorkingDays: r.max_extension_working_days,
      }));
    },

    /** Admin overrides of the official calendar, 'YYYY-MM-DD' → working day or not. */
    async calendarOverrides(): Promise<Map<string, boolean>> {
      const rows = await db('calendar_overrides').select(db.raw(`to_char(day, 'YYYY-MM-DD') as day`), 'working');
      return new Map(rows.map((r) => [r.day as string, r.working as boolean]));
    },
  };
}

export type SlaRepository = ReturnType<typeof createSlaRepository>;
