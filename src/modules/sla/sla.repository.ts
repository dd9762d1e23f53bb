import type { Db } from '../../db/knex';
import { readVersion } from '../../db/version-reads';
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

/** A policy row as the SLA engine reads it. */
export function toPolicy(row: object): SlaPolicy {
  const r = row as Record<string, unknown>;
  return {
    id: r.id as number,
    name: r.name as string,
    type: r.type as string | null,
    urgency: r.urgency as string | null,
    categoryCode: r.category_code as string | null,
    accept: { amount: r.accept_amount as number, unit: r.accept_unit as DurationUnit },
    reply: { amount: r.reply_amount as number, unit: r.reply_unit as DurationUnit },
    returnWindowWorkingDays: r.return_window_working_days as number,
    maxExtensionWorkingDays: r.max_extension_working_days as number,
  };
}

export function createSlaRepository(db: Db) {
  return {
    /** Changes whenever a policy or a calendar override is added, edited or removed: the cache's key. */
    async version(): Promise<string> {
      return (await readVersion(
        db,
        `select md5(coalesce((select string_agg(p::text, ';' order by p.id) from sla_policies p), '') || '#' ||
                    coalesce((select string_agg(c::text, ';' order by c.day) from calendar_overrides c), ''))`,
      )) as string;
    },

    async activePolicies(): Promise<SlaPolicy[]> {
      const rows = await db('sla_policies').where({ active: true }).orderBy('id');
      return rows.map(toPolicy);
    },

    /** Admin overrides of the official calendar, 'YYYY-MM-DD' → working day or not. */
    async calendarOverrides(): Promise<Map<string, boolean>> {
      const rows = await db('calendar_overrides').select(db.raw(`to_char(day, 'YYYY-MM-DD') as day`), 'working');
      return new Map(rows.map((r) => [r.day as string, r.working as boolean]));
    },
  };
}

export type SlaRepository = ReturnType<typeof createSlaRepository>;
