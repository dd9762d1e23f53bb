// What one committed change adds to the aggregates. Pure: the observer writes the result in the
// change's own transaction, so the aggregates move exactly when the tickets do.
import { shanghaiDate } from '../../shared/shanghai-time';
import type { TicketChangeFact } from '../tickets';
import { NO_DEPARTMENT, bucketOf, intakeHourOf, type Counters, type Dims, type DurationKind } from './metric-counters';

export interface DailyDelta {
  dims: Dims;
  counters: Partial<Counters>;
}

export interface DurationDelta {
  dims: Dims;
  kind: DurationKind;
  bucket: number;
}

export interface StatusDelta {
  departmentId: number;
  line: string;
  channel: string;
  status: string;
  n: number;
}

export interface Deltas {
  daily: DailyDelta[];
  durations: DurationDelta[];
  status: StatusDelta[];
}

/** The survey facts an answer, attempt or closure carries (the survey action's event data). */
export interface SurveyFacts {
  reached?: unknown;
  satisfaction?: unknown;
  resolved?: unknown;
  unreachable?: unknown;
  noCallbackConsent?: unknown;
}

/** A survey's contribution: an answer, the third unanswered call, or a closure without consent. */
export function surveyCounters(f: SurveyFacts): Partial<Counters> {
  if (f.noCallbackConsent === true) return { survey_no_consent: 1 };
  if (f.unreachable === true) return { survey_unreachable: 1 };
  if (f.reached !== true) return {};
  return {
    survey_answered: 1,
    survey_satisfied: f.satisfaction === 'satisfied' ? 1 : 0,
    survey_basically: f.satisfaction === 'basically_satisfied' ? 1 : 0,
    survey_dissatisfied: f.satisfaction === 'dissatisfied' ? 1 : 0,
    survey_resolved_asked: f.resolved === undefined ? 0 : 1,
    survey_resolved_yes: f.resolved === 'resolved' ? 1 : 0,
  };
}

const ms = (to: Date | null, from: Date | null) => (to && from ? to.getTime() - from.getTime() : 0);
/** The verdict the sla module stored on the ticket when the accept or reply happened. */
const counted = (verdict: boolean | null) => (verdict === true ? 1 : 0);

/**
 * The department a returned ticket was re-dispatched away from (改派), or null: a return rejected
 * (dispatched back to the same department) takes nothing from it.
 */
export function redispatchedFrom(before: { status: string; department_id: number | null } | null, after: { status: string; department_id: number | null }): number | null {
  if (before?.status !== 'returned' || after.status !== 'dispatched' || before.department_id === null) return null;
  return before.department_id === after.department_id ? null : before.department_id;
}

export function deltasOfChange({ before, after, event }: TicketChangeFact): Deltas {
  const dims: Dims = {
    day: shanghaiDate(event.created_at),
    departmentId: after.department_id ?? NO_DEPARTMENT,
    line: after.line,
    channel: after.channel,
  };
  const out: Deltas = { daily: [], durations: [], status: [] };
  const add = (counters: Partial<Counters>, at: Dims = dims) => out.daily.push({ dims: at, counters });

  const statusKey = (t: typeof after) => ({ departmentId: t.department_id ?? NO_DEPARTMENT, line: t.line, channel: t.channel, status: t.status });
  if (!before) out.status.push({ ...statusKey(after), n: 1 });
  else if (before.status !== after.status || before.department_id !== after.department_id) {
    out.status.push({ ...statusKey(before), n: -1 }, { ...statusKey(after), n: 1 });
  }

  // First dispatch: counted as dispatched, and the ticket's intake (on its creation day) moves from
  // "no department" to the department it was first sent to, so intake can be read per department.
  if (before && before.first_dispatched_at === null && after.first_dispatched_at !== null) {
    add({ dispatched: 1 });
    const created = { ...dims, day: shanghaiDate(after.created_at) };
    const hour = intakeHourOf(after.created_at);
    add({ intake: -1, [hour]: -1 }, { ...created, departmentId: NO_DEPARTMENT });
    add({ intake: 1, [hour]: 1 }, created);
  }

  const takenFrom = redispatchedFrom(before, after);
  if (takenFrom !== null) add({ redispatched: 1 }, { ...dims, departmentId: takenFrom });

  switch (event.action) {
    case 'create':
      add({ intake: 1, [intakeHourOf(after.created_at)]: 1, answered_on_spot: after.status === 'answered' ? 1 : 0 });
      break;
    case 'accept': {
      const took = ms(after.accepted_at, after.dispatched_at);
      add({ accepted: 1, accepted_on_time: counted(after.accepted_on_time), accept_ms: took });
      out.durations.push({ dims, kind: 'accept', bucket: bucketOf(took) });
      break;
    }
    case 'reply': {
      const took = ms(after.replied_at, after.dispatched_at);
      add({
        replied: 1,
        replied_on_time: counted(after.replied_on_time),
        reply_ms: took,
        resolved: after.reply_outcome === 'resolved' ? 1 : 0,
      });
      out.durations.push({ dims, kind: 'reply', bucket: bucketOf(took) });
      break;
    }
    case 'return':
      add({ returned: 1 });
      break;
    case 'merge':
      add({ merged: 1 });
      break;
    case 'transfer-110':
      add({ transferred_110: 1 });
      break;
    case 'survey':
      add(surveyCounters(event.data));
      break;
    case 'follow-up':
      if (event.data.kind === 'chase') add({ chased: 1 });
      break;
    case 'route':
      add({ auto_routed: 1 });
      break;
    case 'classify':
      if (event.data.emergencyKind === undefined) add({ routing_pooled: 1 });
      break;
    case 'dispatch':
      if (before?.auto_route_redispatched === false && after.auto_route_redispatched === true) add({ auto_redispatched: 1 });
      break;
  }
  return out;
}
