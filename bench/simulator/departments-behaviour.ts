/**
 * How the simulated people act on a ticket once it is with a department: when handlers accept,
 * return, ask for more time and reply; when operators call back and what citizens answer. Pure
 * scheduling decisions; the simulation carries them out through the API.
 */
import type { Random } from '../lib/stats';
import { behaviour } from './model';

const MIN = 60_000;
const HOUR = 60 * MIN;

export interface Clocks {
  dispatchedAt: number;
  acceptDue: number;
  replyDue: number;
  returnDue: number | null;
}

/** Office hours in Shanghai: 08:30–17:30. A moment outside them moves to the next morning. */
export function nextOfficeMoment(ms: number, rnd: Random): number {
  const local = new Date(ms + 8 * HOUR);
  const minutes = local.getUTCHours() * 60 + local.getUTCMinutes();
  if (minutes >= 8 * 60 + 30 && minutes < 17 * 60 + 30) return ms;
  const morning = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - 8 * HOUR + (8 * 60 + 30) * MIN;
  return (minutes < 8 * 60 + 30 ? morning : morning + 24 * HOUR) + rnd.int(0, 90) * MIN;
}

/** When a handler accepts: urgent and critical matters at once, round the clock; others in office hours. */
export function acceptAt(now: number, urgency: string, c: Clocks, rnd: Random): number {
  let at: number;
  if (urgency === 'critical') at = now + rnd.int(2, 10) * MIN;
  else if (urgency === 'urgent') at = now + rnd.int(4, 22) * MIN;
  else at = nextOfficeMoment(now + Math.min(6 * HOUR, rnd.logNormal(70 * MIN, 0.8)), rnd);
  return Math.min(at, c.acceptDue - MIN);
}

/** A return comes early, well inside the return window. */
export function returnAt(now: number, c: Clocks, rnd: Random): number | null {
  if (c.returnDue === null) return null;
  const at = nextOfficeMoment(now + rnd.int(20, 180) * MIN, rnd);
  return at < c.returnDue - 10 * MIN ? at : null;
}

/** The planned reply: inside the due time (spread over it), or late for a few. */
export function replyAt(now: number, c: Clocks, rnd: Random): { at: number; late: boolean } {
  if (rnd.next() < behaviour.lateReplyShare) return { at: c.replyDue + rnd.int(60, 48 * 60) * MIN, late: true };
  const span = c.replyDue - c.dispatchedAt;
  let at = c.dispatchedAt + span * (0.1 + 0.8 * rnd.next());
  if (span > 20 * HOUR) {
    const office = nextOfficeMoment(at, rnd);
    if (office < c.replyDue - 30 * MIN) at = office;
  }
  return { at: Math.max(at, now + MIN), late: false };
}

export function callbackAt(now: number, rnd: Random): number {
  const at = now + rnd.int(60, 6 * 60) * MIN;
  const local = new Date(at + 8 * HOUR).getUTCHours();
  // Operators call back from 09:00 to 20:00.
  return local >= 9 && local < 20 ? at : nextOfficeMoment(at, rnd) + 30 * MIN;
}
