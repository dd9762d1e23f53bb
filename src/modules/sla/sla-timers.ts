import type { Clock } from '../../shared/clock';
import type { DomainEvents } from '../../shared/domain-events';
import type { OutboxPublisher } from '../outbox';
import type { Queues } from '../../queues/queues';
import type { ClockKind, TicketChangeFact, TicketChangeObserver } from '../tickets';
import type { RunningClock, SlaTimersRepository } from './sla-timers.repository';
import { riskMoment, slaClock } from './sla-rules';

export type SlaMoment = 'at_risk' | 'overdue';

function momentOf(t: Pick<RunningClock, 'dispatched_at' | 'due_at'>, kind: SlaMoment): Date {
  return kind === 'overdue' ? t.due_at : riskMoment(t.dispatched_at, t.due_at);
}

/**
 * At-risk and overdue moments of both department clocks (accept while dispatched, reply once
 * accepted): planned as delayed jobs whenever a running clock starts or its due time moves, fired
 * at their time, recorded exactly once per clock and due time (a unique row), and pushed as a
 * domain event naming the clock. A periodic reconciliation records what was missed while no worker ran.
 */
export function createSlaTimers(deps: { repo: SlaTimersRepository; publisher: OutboxPublisher; queues: Queues; events: DomainEvents; clock: Clock }) {
  const { repo, queues, clock } = deps;

  async function recordOnce(t: RunningClock, kind: SlaMoment): Promise<boolean> {
    const now = clock.now();
    const recorded = await repo.record(t.id, t.clock, kind, t.due_at, now);
    if (recorded) {
      deps.events.emit('sla.breached', { ticketId: t.id, ticketNo: t.ticket_no, clock: t.clock, kind, dueAt: t.due_at, departmentId: t.department_id, at: now });
    }
    return recorded;
  }

  /** Does this change start, switch or move the running clock (so its moments must be planned)? */
  function movesClock({ before, after }: TicketChangeFact): boolean {
    const now = slaClock(after, after.updated_at);
    if (!now) return false;
    const was = before ? slaClock(before, after.updated_at) : null;
    return !was || was.kind !== now.kind || was.dueAt.getTime() !== now.dueAt.getTime() || before?.dispatched_at?.getTime() !== after.dispatched_at?.getTime();
  }
  const scheduleOf = (f: TicketChangeFact) => ({ topic: 'sla.schedule' as const, payload: { job: 'schedule', ticketId: f.after.id } });

  /** Plans a schedule job in the same transaction as any change that starts, switches or moves the running clock. */
  const observer: TicketChangeObserver = {
    async inTransaction(tx, fact) {
      if (movesClock(fact)) await deps.publisher.enqueueAfterCommit(tx, 'sla.schedule', scheduleOf(fact).payload, fact.after.updated_at);
    },
    // A routing batch: its schedule messages in one statement, and its plans made by this process
    // once it commits (one read of the clocks, one hand-over of their jobs) rather than by a plan job
    // per ticket; the outbox still holds them until then, and hands them to the SLA queue if that fails.
    async inTransactionMany(tx, facts) {
      const moved = facts.filter(movesClock);
      if (moved.length) await deps.publisher.enqueueManyAfterCommit(tx, moved.map(scheduleOf), moved[0].after.updated_at, () => schedule(moved.map((f) => f.after.id)));
    },
  };

  /** Plans the at-risk and overdue jobs of these tickets' running clocks (one read, one hand-over for all). */
  async function schedule(ticketIds: number[]): Promise<void> {
    const now = clock.now().getTime();
    const jobs = (await repo.runningClocks(ticketIds)).flatMap((t) =>
      (['at_risk', 'overdue'] as const).map((kind) => ({
        payload: { job: 'fire' as const, ticketId: t.id, clock: t.clock, kind, dueAt: t.due_at.toISOString() },
        // The id names the clock and its due time: a switched clock or moved due time plans new jobs, and the old ones find it stale.
        jobId: `sla-${t.id}-${t.clock}-${kind}-${t.due_at.getTime()}`,
        delayMs: Math.max(0, momentOf(t, kind).getTime() - now),
      })),
    );
    await queues.addMany('sla', jobs);
  }

  return {
    observer,

    schedule,

    /** Records the moment if the clock it was planned for still runs with that due time and its time has come. */
    async fire(ticketId: number, kind: SlaMoment, dueAt: string, clockKind: ClockKind): Promise<boolean> {
      const t = await repo.runningClock(ticketId);
      if (!t || t.clock !== clockKind || t.due_at.toISOString() !== dueAt) return false;
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
