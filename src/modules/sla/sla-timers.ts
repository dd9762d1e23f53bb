import type { Clock } from '../../shared/clock';
import type { DomainEvents } from '../../shared/domain-events';
import type { PassedMoment, SlaMoment, SlaTimersRepository } from './sla-timers.repository';

export type { SlaMoment } from './sla-timers.repository';

/** Moments recorded per statement; a window with more is read again until it has no more. */
const PAGE = 1000;

/**
 * At-risk and overdue moments of both department clocks (accept while dispatched, reply once
 * accepted), recorded exactly once per clock and due time (a unique row) and pushed as a domain
 * event naming the clock. They are found in the stored running clocks (sla_running_clocks, one row
 * per running clock with both its moments) by `recordPassed`, which the SLA watcher calls every
 * second over the moments since its last look, and the sweep over all of them.
 *
 * No job per ticket is planned: a clock that starts, switches or moves changes its row in the
 * ticket's own transaction, so there is nothing to plan and nothing a lost job could miss.
 */
export function createSlaTimers(deps: { repo: SlaTimersRepository; events: DomainEvents; clock: Clock }) {
  const { repo, events, clock } = deps;

  async function recordPage(kind: SlaMoment, moments: PassedMoment[], now: Date): Promise<number> {
    const byKey = new Map(moments.map((m) => [`${m.id}:${m.clock}:${m.due_at.getTime()}`, m]));
    const recorded = await repo.record(kind, moments, now);
    for (const r of recorded) {
      const m = byKey.get(`${r.ticket_id}:${r.clock}:${r.due_at.getTime()}`);
      if (m) events.emit('sla.breached', { ticketId: m.id, ticketNo: m.ticket_no, clock: m.clock, kind, dueAt: m.due_at, departmentId: m.department_id, at: now });
    }
    return recorded.length;
  }

  /**
   * Records every moment passed by now and not recorded yet (only those after `since`, if given:
   * the watcher's window); returns how many this call recorded.
   */
  async function recordPassed(since?: Date): Promise<number> {
    const now = clock.now();
    let recorded = 0;
    for (const kind of ['at_risk', 'overdue'] as const) {
      for (;;) {
        const page = await repo.passed(kind, now, PAGE, since);
        if (page.length) recorded += await recordPage(kind, page, now);
        if (page.length < PAGE) break;
      }
    }
    return recorded;
  }

  return {
    recordPassed,

    /** Records every passed moment that is not recorded yet, however long ago it passed: the sweep's pass. */
    reconcile: () => recordPassed(),
  };
}

export type SlaTimers = ReturnType<typeof createSlaTimers>;
