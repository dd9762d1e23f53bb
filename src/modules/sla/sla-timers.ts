import type { Clock } from '../../shared/clock';
import type { DomainEvents } from '../../shared/domain-events';
import type { OutboxPublisher } from '../outbox';
import type { Queues } from '../../queues/queues';
import type { TicketChangeObserver } from '../tickets';
import type { RunningClock, SlaTimersRepository } from './sla-timers.repository';
import { riskMoment } from './working-calendar';

export type SlaMoment = 'at_risk' | 'overdue';

const runningStatuses = new Set(['dispatched', 'accepted']);

function momentOf(t: Pick<RunningClock, 'dispatched_at' | 'reply_due_at'>, kind: SlaMoment): Date {
  return kind === 'overdue' ? t.reply_due_at : riskMoment(t.dispatched_at, t.reply_due_at);
}

/**
 * At-risk and overdue moments: planned as delayed jobs whenever a ticket's reply due time is set or
 * moved, fired at their time, recorded exactly once per due time (a unique row), and pushed as a
 * domain event. A periodic reconciliation records what was missed while no worker ran.
 */
export function createSlaTimers(deps: { repo: SlaTimersRepository; publisher: OutboxPublisher; queues: Queues; events: DomainEvents; clock: Clock }) {
  const { repo, queues, clock } = deps;

  async function recordOnce(t: RunningClock, kind: SlaMoment): Promise<boolean> {
    const now = clock.now();
    const recorded = await repo.record(t.id, kind, t.reply_due_at, now);
    if (recorded) {
      deps.events.emit('sla.breached', { ticketId: t.id, ticketNo: t.ticket_no, kind, dueAt: t.reply_due_at, departmentId: t.department_id, at: now });
    }
    return recorded;
  }

  /** Plans a schedule job in the same transaction as any change that starts or moves the clock. */
  const observer: TicketChangeObserver = {
    async inTransaction(tx, { before, after }) {
      if (!after.reply_due_at || !after.dispatched_at || !runningStatuses.has(after.status)) return;
      const moved = before?.reply_due_at?.getTime() !== after.reply_due_at.getTime();
      const restarted = !before || !runningStatuses.has(before.status) || before.dispatched_at?.getTime() !== after.dispatched_at.getTime();
      if (moved || restarted) await deps.publisher.enqueueAfterCommit(tx, 'sla.schedule', { job: 'schedule', ticketId: after.id }, after.updated_at);
    },
  };

  return {
    observer,

    async schedule(ticketId: number): Promise<void> {
      const t = await repo.runningClock(ticketId);
      if (!t) return;
      const now = clock.now().getTime();
      for (const kind of ['at_risk', 'overdue'] as const) {
        const at = momentOf(t, kind).getTime();
        const dueAt = t.reply_due_at.toISOString();
        // The id names the due time: a moved due time plans new jobs, and the old ones find it stale.
        await queues.add('sla', { job: 'fire', ticketId, kind, dueAt }, `sla-${ticketId}-${kind}-${t.reply_due_at.getTime()}`, {
          delayMs: Math.max(0, at - now),
        });
      }
    },

    /** Records the moment if the clock it was planned for still runs and its time has come. */
    async fire(ticketId: number, kind: SlaMoment, dueAt: string): Promise<boolean> {
      const t = await repo.runningClock(ticketId);
      if (!t || t.reply_due_at.toISOString() !== dueAt) return false;
      const now = clock.now().getTime();
      const at = momentOf(t, kind).getTime();
      if (kind === 'overdue' ? now <= at : now < at) return false;
      return recordOnce(t, kind);
    },

    /** Records every passed moment that is not recorded yet; returns how many it recorded. */
    async reconcile(limit = 1000): Promise<number> {
      let recorded = 0;
      for (const kind of ['at_risk', 'overdue'] as const) {
        for (const t of await repo.missed(kind, clock.now(), limit)) if (await recordOnce(t, kind)) recorded++;
      }
      return recorded;
    },
  };
}

export type SlaTimers = ReturnType<typeof createSlaTimers>;
