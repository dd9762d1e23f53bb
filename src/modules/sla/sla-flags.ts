import { riskMoment } from './working-calendar';

/** Statuses in which a department's clock runs. */
const clockRunning = new Set(['dispatched', 'accepted']);

export type ClockState = 'ok' | 'at_risk' | 'overdue';

/** The department clock running now: accepting while dispatched, replying once accepted. */
export interface SlaClock {
  kind: 'accept' | 'reply';
  dueAt: Date;
  /** When 80% of the time from dispatch to dueAt has passed. */
  atRiskAt: Date;
  state: ClockState;
}

interface ClockedTicket {
  status: string;
  dispatched_at: Date | null;
  accept_due_at: Date | null;
  reply_due_at: Date | null;
}

/** At risk (预警) from the risk moment on, overdue (超期) strictly after the due time. */
function stateAt(start: Date, due: Date, now: Date): ClockState {
  if (now.getTime() > due.getTime()) return 'overdue';
  return now.getTime() >= riskMoment(start, due).getTime() ? 'at_risk' : 'ok';
}

/** The clock a ticket's department works against now, or null when none runs (pending, returned, replied, closed...). */
export function slaClock(t: ClockedTicket, now: Date): SlaClock | null {
  const running =
    t.status === 'dispatched' ? { kind: 'accept' as const, dueAt: t.accept_due_at } : t.status === 'accepted' ? { kind: 'reply' as const, dueAt: t.reply_due_at } : null;
  if (!running?.dueAt || !t.dispatched_at) return null;
  return { kind: running.kind, dueAt: running.dueAt, atRiskAt: riskMoment(t.dispatched_at, running.dueAt), state: stateAt(t.dispatched_at, running.dueAt, now) };
}

/**
 * A ticket's SLA as it reads: `flags` against the reply due time while the department's clock runs
 * (what metrics and the overdue filter count), and the running `clock` itself.
 */
export const slaFlags = {
  flags(t: Pick<ClockedTicket, 'status' | 'dispatched_at' | 'reply_due_at'>, now: Date): { atRisk: boolean; overdue: boolean } {
    if (!clockRunning.has(t.status) || !t.reply_due_at || !t.dispatched_at) return { atRisk: false, overdue: false };
    const state = stateAt(t.dispatched_at, t.reply_due_at, now);
    return { atRisk: state === 'at_risk', overdue: state === 'overdue' };
  },
  clock: slaClock,
};
