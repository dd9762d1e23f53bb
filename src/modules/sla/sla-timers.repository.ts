import type { Db, Tx } from '../../db/knex';

export interface RunningClock {
  id: number;
  ticket_no: string;
  status: string;
  department_id: number | null;
  dispatched_at: Date;
  reply_due_at: Date;
}

export function createSlaTimersRepository(db: Db) {
  return {
    runningClock(ticketId: number): Promise<RunningClock | undefined> {
      return db('tickets')
        .where({ id: ticketId })
        .whereIn('status', ['dispatched', 'accepted'])
        .whereNotNull('reply_due_at')
        .first('id', 'ticket_no', 'status', 'department_id', 'dispatched_at', 'reply_due_at');
    },

    /** True when this call recorded the moment; false when it was recorded before (exactly once). */
    async record(ticketId: number, kind: 'at_risk' | 'overdue', dueAt: Date, now: Date, tx: Tx | Db = db): Promise<boolean> {
      const rows = await tx('sla_breaches')
        .insert({ ticket_id: ticketId, kind, due_at: dueAt, recorded_at: now })
        .onConflict(['ticket_id', 'kind', 'due_at'])
        .ignore()
        .returning('id');
      return rows.length > 0;
    },

    /**
     * Running clocks whose moment has passed but is not recorded: what delayed jobs missed while
     * no worker ran. At risk is 80% of the way from dispatch to the reply due time; overdue is
     * strictly after the due time.
     */
    missed(kind: 'at_risk' | 'overdue', now: Date, limit: number): Promise<RunningClock[]> {
      const q = db('tickets as t')
        .whereIn('t.status', ['dispatched', 'accepted'])
        .whereNotExists(db('sla_breaches as b').whereRaw('b.ticket_id = t.id and b.kind = ? and b.due_at = t.reply_due_at', [kind]));
      if (kind === 'overdue') q.where('t.reply_due_at', '<', now);
      else q.whereRaw('t.dispatched_at + (t.reply_due_at - t.dispatched_at) * 0.8 <= ?', [now]);
      return q.orderBy('t.reply_due_at').limit(limit).select('t.id', 't.ticket_no', 't.status', 't.department_id', 't.dispatched_at', 't.reply_due_at');
    },
  };
}

export type SlaTimersRepository = ReturnType<typeof createSlaTimersRepository>;
