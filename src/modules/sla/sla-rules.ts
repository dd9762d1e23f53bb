/**
 * The SLA rules in one place (SPEC section 6): which status runs which department clock, when a
 * clock is at risk and when overdue, and whether an accept or reply came on time. Every reader
 * (ticket reads, list filters, the timers, metrics and their recount) asks here or uses the SQL
 * spelled below, so a rule is changed once.
 */

import { assertValidInstant } from '../../shared/shanghai-time';
import type { ClockKind } from '../tickets';

export type ClockState = 'ok' | 'at_risk' | 'overdue';

/** A ticket is at risk (预警) once this fraction of the time from dispatch to its due time has passed. */
export const AT_RISK_FRACTION = 0.8;

/** The status in which each department clock runs: accepting while dispatched, replying once accepted. */
export const CLOCK_STATUS = { accept: 'dispatched', reply: 'accepted' } as const satisfies Record<ClockKind, string>;

/** The department clock running now: accepting while dispatched, replying once accepted. */
export interface SlaClock {
  kind: ClockKind;
  dueAt: Date;
  /** When 80% of the time from dispatch to dueAt has passed. */
  atRiskAt: Date;
  state: ClockState;
}

export interface ClockedTicket {
  status: string;
  dispatched_at: Date | null;
  accept_due_at: Date | null;
  reply_due_at: Date | null;
}

/**
 * The at-risk (预警) moment: 80% of the interval start→due has passed. We measure natural elapsed
 * time between the two instants, not working time, so the moment is a single instant fixed when the
 * clock starts (stored with the running clock and recorded once), and a clock spanning a
 * holiday warns earlier rather than after the department is back with little time left.
 */
export function riskMoment(start: Date, due: Date): Date {
  assertValidInstant(start, 'start');
  assertValidInstant(due, 'due');
  if (due.getTime() < start.getTime()) throw new RangeError('due is before start');
  return new Date(start.getTime() + Math.round((due.getTime() - start.getTime()) * AT_RISK_FRACTION));
}

/** Which clock a status runs, or null (pending, returned, replied, closed...). */
export function clockOfStatus(status: string): ClockKind | null {
  return status === CLOCK_STATUS.accept ? 'accept' : status === CLOCK_STATUS.reply ? 'reply' : null;
}

/** At risk from the risk moment on, overdue strictly after the due time. */
function stateAt(start: Date, due: Date, now: Date): ClockState {
  if (now.getTime() > due.getTime()) return 'overdue';
  return now.getTime() >= riskMoment(start, due).getTime() ? 'at_risk' : 'ok';
}

/** The clock a ticket's department works against now, or null when none runs. */
export function slaClock(t: ClockedTicket, now: Date): SlaClock | null {
  const kind = clockOfStatus(t.status);
  const dueAt = kind === 'accept' ? t.accept_due_at : kind === 'reply' ? t.reply_due_at : null;
  if (!kind || !dueAt || !t.dispatched_at) return null;
  return { kind, dueAt, atRiskAt: riskMoment(t.dispatched_at, dueAt), state: stateAt(t.dispatched_at, dueAt, now) };
}

/** A ticket's at-risk and overdue flags: those of the clock running now, whichever it is. */
export function slaFlagsOf(t: ClockedTicket, now: Date): { atRisk: boolean; overdue: boolean } {
  const state = slaClock(t, now)?.state;
  return { atRisk: state === 'at_risk', overdue: state === 'overdue' };
}

/** The on-time verdict of an accept or a reply: on or before the due time of the clock it stopped. */
export function onTime(at: Date, due: Date | null): boolean {
  return due !== null && at.getTime() <= due.getTime();
}

/**
 * The same rules in SQL over the tickets table, for lists, counts and the timers' reconciliation.
 * `runningDue` must stay character for character the expression of the indexes tickets_due and
 * tickets_department_due (migrations/20261201000000_ticket_list_due_indexes.ts), or Postgres cannot
 * use them; 'infinity' when no clock runs, so such tickets sort last.
 */
export const slaSql = {
  runningDue: `coalesce(case status when 'dispatched' then accept_due_at when 'accepted' then reply_due_at end, 'infinity')`,
  /** The running clock's kind ('accept' | 'reply'), null when none runs. */
  runningKind: `case status when 'dispatched' then 'accept' when 'accepted' then 'reply' end`,
  /** The at-risk moment of a due-time expression, rounded to the millisecond as riskMoment rounds. */
  riskAt: (due: string) =>
    `to_timestamp(round(extract(epoch from dispatched_at) * 1000 + (extract(epoch from ${due}) - extract(epoch from dispatched_at)) * 1000 * ${AT_RISK_FRACTION}) / 1000.0)`,
  /** The status in which each clock runs (for a filter that can use the status indexes). */
  clockStatus: CLOCK_STATUS,
};

/** The rules as the tickets module reads them (injected there, so that tickets need not import sla). */
export const slaFlags = {
  flags: slaFlagsOf,
  clock: slaClock,
};
