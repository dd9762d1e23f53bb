import type { Db, Tx } from '../../db/knex';
import type { ClockKind } from '../tickets';
import { slaSql } from './sla-rules';

/** The department clock a ticket runs now, as the timers read it. */
export interface RunningClock {
  id: number;
  ticket_no: string;
  status: string;
  department_id: number | null;
  dispatched_at: Date;
  clock: ClockKind;
  due_at: Date;
}

const RUNNING_COLUMNS = (db: Db, alias = '') => [
  `${alias}id`,
  `${alias}ticket_no`,
  `${alias}status`,
  `${alias}department_id`,
  `${alias}dispatched_at`,
  db.raw(`${slaSql.runningKind} as clock`),
  db.raw(`${slaSql.runningDue} as due_at`),
];

export function createSlaTimersRepository(db: Db) {
  const runningClocksOf = (ticketIds: number[]) =>
    db('tickets').whereIn('id', ticketIds).whereIn('status', ['dispatched', 'accepted']).whereNotNull('dispatched_at').whereRaw(`${slaSql.runningDue} < 'infinity'`);

  return {
    runningClock(ticketId: number): Promise<RunningClock | undefined> {
      return runningClocksOf([ticketId]).first(RUNNING_COLUMNS(db));
    },

    /** The running clocks of these tickets, those that run one. */
    runningClocks(ticketIds: number[]): Promise<RunningClock[]> {
      return runningClocksOf(ticketIds).select(RUNNING_COLUMNS(db));
    },

    /** True when this call recorded the moment; false when it was recorded before (exactly once). */
    async record(ticketId: number, clock: ClockKind, kind: 'at_risk' | 'overdue', dueAt: Date, now: Date, tx: Tx | Db = db): Promise<boolean> {
      const rows = await tx('sla_breaches')
        .insert({ ticket_id: ticketId, clock, kind, due_at: dueAt, recorded_at: now })
        .onConflict(['ticket_id', 'clock', 'kind', 'due_at'])
        .ignore()
        .returning('id');
      return rows.length > 0;
    },

    /**
     * Running clocks (accept or reply) whose moment has passed but is not recorded: what delayed
     * jobs missed while no worker ran. Read off the index tickets_due by the running due time.
     */
    missed(kind: 'at_risk' | 'overdue', now: Date, limit: number): Promise<RunningClock[]> {
      const q = db('tickets')
        .whereNotNull('dispatched_at')
        .whereRaw(`${slaSql.runningDue} < 'infinity'`)
        .whereNotExists(
          db('sla_breaches as b').whereRaw(`b.ticket_id = tickets.id and b.clock = ${slaSql.runningKind} and b.kind = ? and b.due_at = ${slaSql.runningDue}`, [kind]),
        );
      if (kind === 'overdue') q.whereRaw(`${slaSql.runningDue} < ?`, [now]);
      else q.whereRaw(`${slaSql.riskAt(slaSql.runningDue)} <= ?`, [now]);
      return q.orderByRaw(slaSql.runningDue).limit(limit).select(RUNNING_COLUMNS(db));
    },
  };
}

export type SlaTimersRepository = ReturnType<typeof createSlaTimersRepository>;
