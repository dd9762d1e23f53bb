import type { Db } from '../../db/knex';
import type { ClockKind } from '../tickets';
import { slaSql } from './sla-rules';

export type SlaMoment = 'at_risk' | 'overdue';

/** A running department clock whose moment has passed, as the timers record it. */
export interface PassedMoment {
  id: number;
  ticket_no: string;
  department_id: number | null;
  clock: ClockKind;
  due_at: Date;
}

/** The stored moment of each kind in sla_running_clocks: at risk from at_risk_at on, overdue strictly after due_at. */
const MOMENT_COLUMN = { at_risk: 'r.at_risk_at', overdue: 'r.due_at' } as const satisfies Record<SlaMoment, string>;

export function createSlaTimersRepository(db: Db) {
  return {
    /**
     * Running clocks whose `kind` moment has passed by `now` and is not recorded, earliest first,
     * read off sla_running_clocks (kept by a trigger from the tickets, in their transaction). With
     * `since`, only moments after it: the watcher's window since its last look, which its index
     * reads without touching the clocks that passed long ago.
     */
    passed(kind: SlaMoment, now: Date, limit: number, since?: Date): Promise<PassedMoment[]> {
      const moment = MOMENT_COLUMN[kind];
      const q = db('sla_running_clocks as r')
        .join('tickets as t', 't.id', 'r.ticket_id')
        .whereRaw(kind === 'overdue' ? `${moment} < ?` : `${moment} <= ?`, [now])
        .whereNotExists(
          db('sla_breaches as b').whereRaw(`b.ticket_id = r.ticket_id and b.clock = ${slaSql.runningKind} and b.kind = ? and b.due_at = r.due_at`, [kind]),
        );
      if (since) q.whereRaw(`${moment} > ?`, [since]);
      return q.orderByRaw(moment).limit(limit).select('t.id', 't.ticket_no', 't.department_id', db.raw(`${slaSql.runningKind} as clock`), 'r.due_at');
    },

    /** Records these moments; returns those this call recorded (a moment recorded before is skipped: exactly once). */
    async record(kind: SlaMoment, moments: PassedMoment[], now: Date): Promise<{ ticket_id: number; clock: ClockKind; due_at: Date }[]> {
      if (!moments.length) return [];
      return db('sla_breaches')
        .insert(moments.map((m) => ({ ticket_id: m.id, clock: m.clock, kind, due_at: m.due_at, recorded_at: now })))
        .onConflict(['ticket_id', 'clock', 'kind', 'due_at'])
        .ignore()
        .returning(['ticket_id', 'clock', 'due_at']);
    },
  };
}

export type SlaTimersRepository = ReturnType<typeof createSlaTimersRepository>;
