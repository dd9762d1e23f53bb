import type { Db, Tx } from '../../db/knex';
import { ConflictError } from '../../shared/errors';
import type { OverrideInput, SlaPolicyInput } from './sla-admin.schemas';
import { toPolicy, type SlaPolicy } from './sla.repository';
import type { DurationUnit } from './working-calendar';

export interface SlaPolicyRecord extends SlaPolicy {
  active: boolean;
  updatedAt: string;
}

export interface CalendarOverride {
  date: string;
  working: boolean;
  note: string;
  updatedAt: string;
}

interface PolicyRow {
  id: number;
  name: string;
  type: string | null;
  urgency: string | null;
  category_code: string | null;
  accept_amount: number;
  accept_unit: DurationUnit;
  reply_amount: number;
  reply_unit: DurationUnit;
  return_window_working_days: number;
  max_extension_working_days: number;
  active: boolean;
  updated_at: Date;
}

const toRecord = (r: PolicyRow): SlaPolicyRecord => ({ ...toPolicy(r), active: r.active, updatedAt: r.updated_at.toISOString() });

const toColumns = (p: SlaPolicyInput, now: Date) => ({
  name: p.name,
  type: p.type,
  urgency: p.urgency,
  category_code: p.categoryCode,
  accept_amount: p.accept.amount,
  accept_unit: p.accept.unit,
  reply_amount: p.reply.amount,
  reply_unit: p.reply.unit,
  return_window_working_days: p.returnWindowWorkingDays,
  max_extension_working_days: p.maxExtensionWorkingDays,
  active: p.active,
  updated_at: now,
});

const DAY = `to_char(day, 'YYYY-MM-DD')`;

const toOverride = (r: { date: string; working: boolean; note: string; updated_at: Date }): CalendarOverride => ({ date: r.date, working: r.working, note: r.note, updatedAt: r.updated_at.toISOString() });

function inYear<Q extends ReturnType<Db>>(q: Q, year: number | undefined): Q {
  if (year !== undefined) q.whereBetween('day', [`${year}-01-01`, `${year}-12-31`]);
  return q;
}

/**
 * Two active policies with the same (type, urgency, category) would tie in matchPolicy, and the
 * older one would silently win: refused, so an admin edits the existing policy instead. The table
 * lock (admin writes only; plain reads go on) makes check-then-write safe against a parallel write.
 */
async function assertNoTwin(tx: Tx, p: SlaPolicyInput, exceptId: number | null): Promise<void> {
  if (!p.active) return;
  await tx.raw('lock table sla_policies in share row exclusive mode');
  const twin = await tx('sla_policies')
    .where({ active: true })
    .whereRaw('type is not distinct from ?', [p.type])
    .whereRaw('urgency is not distinct from ?', [p.urgency])
    .whereRaw('category_code is not distinct from ?', [p.categoryCode])
    .modify((q) => (exceptId === null ? q : q.whereNot('id', exceptId)))
    .first('name');
  if (twin) {
    throw new ConflictError('DUPLICATE_MATCH', `The active policy "${twin.name}" already covers this type, urgency and category; change that one`, [
      { field: 'name', conflictsWith: twin.name },
    ]);
  }
}

function duplicateName(err: unknown, name: string): unknown {
  const e = err as { code?: string; constraint?: string };
  if (e?.code === '23505' && e.constraint === 'sla_policies_name_unique') {
    return new ConflictError('DUPLICATE_NAME', `A policy named "${name}" already exists`, [{ field: 'name', message: 'already taken' }]);
  }
  return err;
}

/** Admin writes to SLA policies and calendar overrides; the sla service reads them on each use. */
export function createSlaAdminRepository(db: Db) {
  return {
    async listPolicies(p: { limit: number; offset: number }): Promise<{ policies: SlaPolicyRecord[]; total: number }> {
      const [rows, [{ n }]] = await Promise.all([db('sla_policies').orderBy('id').limit(p.limit).offset(p.offset) as Promise<PolicyRow[]>, db('sla_policies').count({ n: '*' })]);
      return { policies: rows.map(toRecord), total: Number(n) };
    },

    async createPolicy(p: SlaPolicyInput, now: Date): Promise<SlaPolicyRecord> {
      try {
        return await db.transaction(async (tx) => {
          await assertNoTwin(tx, p, null);
          const [row] = await tx('sla_policies').insert(toColumns(p, now)).returning('*');
          return toRecord(row);
        });
      } catch (err) {
        throw duplicateName(err, p.name);
      }
    },

    /** The whole policy replaced; undefined when there is no such policy. */
    async replacePolicy(id: number, p: SlaPolicyInput, now: Date): Promise<SlaPolicyRecord | undefined> {
      try {
        return await db.transaction(async (tx) => {
          await assertNoTwin(tx, p, id);
          const [row] = await tx('sla_policies').where({ id }).update(toColumns(p, now)).returning('*');
          return row ? toRecord(row) : undefined;
        });
      } catch (err) {
        throw duplicateName(err, p.name);
      }
    },

    async deactivatePolicy(id: number, now: Date): Promise<SlaPolicyRecord | undefined> {
      const [row] = await db('sla_policies').where({ id }).update({ active: false, updated_at: now }).returning('*');
      return row ? toRecord(row) : undefined;
    },

    /** A year's overrides, all of them (at most 366). */
    async listOverrides(year: number): Promise<CalendarOverride[]> {
      const rows = await inYear(db('calendar_overrides'), year).select(db.raw(`${DAY} as date`), 'working', 'note', 'updated_at').orderBy('day');
      return rows.map(toOverride);
    },

    async pageOverrides(p: { year?: number; limit: number; offset: number }): Promise<{ overrides: CalendarOverride[]; total: number }> {
      const [rows, [{ n }]] = await Promise.all([
        inYear(db('calendar_overrides'), p.year).select(db.raw(`${DAY} as date`), 'working', 'note', 'updated_at').orderBy('day').limit(p.limit).offset(p.offset),
        inYear(db('calendar_overrides'), p.year).count({ n: '*' }),
      ]);
      return { overrides: rows.map(toOverride), total: Number(n) };
    },

    async putOverride(date: string, o: OverrideInput, now: Date): Promise<CalendarOverride> {
      const { rows } = await db.raw(
        `insert into calendar_overrides (day, working, note, updated_at) values (?, ?, ?, ?)
         on conflict (day) do update set working = excluded.working, note = excluded.note, updated_at = excluded.updated_at
         returning ${DAY} as date, working, note, updated_at`,
        [date, o.working, o.note, now],
      );
      return toOverride(rows[0]);
    },

    /** False when there was no override for that day. */
    async deleteOverride(date: string): Promise<boolean> {
      return (await db('calendar_overrides').where({ day: date }).delete()) > 0;
    },
  };
}

export type SlaAdminRepository = ReturnType<typeof createSlaAdminRepository>;
