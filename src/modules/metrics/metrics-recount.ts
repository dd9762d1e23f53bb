// The recount: every aggregate worked out again from the tickets, their timelines and the surveys
// of merged tickets, by replaying each ticket's events in order — a second derivation, apart from
// the observer's before/after rows, that npm run metrics:verify and the property test compare with.
import type { Db } from '../../db/knex';
import { shanghaiDate } from '../../shared/shanghai-time';
import { onTime, slaFlags, type DueTimes, type TicketForSla } from '../sla';
import type { TicketEventRow } from '../tickets';
import { NO_DEPARTMENT, bucketOf, intakeHourOf, type Dims } from './metric-counters';
import { redispatchedFrom, surveyCounters, type Deltas, type SurveyFacts } from './metric-deltas';
import type { RunningRow } from './metrics.repository';

export interface RecountDeps {
  /** Due times as the SLA module works them out (policies and calendar read once for the run). */
  dueTimesFor(t: TicketForSla, from: Date): Promise<DueTimes>;
  categoryCode(categoryId: number | null): string | null;
}

export type RunningDimRow = RunningRow & { line: string; channel: string };

export interface Recount {
  deltas: Deltas;
  runningNow: RunningDimRow[];
}

interface TicketFacts {
  id: number;
  line: string;
  channel: string;
  type: string;
  urgency: string;
  category_id: number | null;
  status: string;
  department_id: number | null;
  created_at: Date;
  dispatched_at: Date | null;
  accept_due_at: Date | null;
  reply_due_at: Date | null;
}

const BATCH = 2000;

/** Actions after which a department's clocks start anew (SPEC section 6): pass-down is not one. */
function startsClocks(e: TicketEventRow): boolean {
  return e.to_status === 'dispatched' && ['route', 'dispatch', 'reopen', 'survey'].includes(e.action);
}

export async function recount(db: Db, deps: RecountDeps, now: Date): Promise<Recount> {
  const out: Recount = { deltas: { daily: [], durations: [], status: [] }, runningNow: [] };
  const running = new Map<string, RunningDimRow>();
  for (let lastId = 0; ; ) {
    const tickets: TicketFacts[] = await db('tickets')
      .where('id', '>', lastId)
      .orderBy('id')
      .limit(BATCH)
      .select('id', 'line', 'channel', 'type', 'urgency', 'category_id', 'status', 'department_id', 'created_at', 'dispatched_at', 'accept_due_at', 'reply_due_at');
    if (!tickets.length) break;
    lastId = tickets[tickets.length - 1].id;
    const events: TicketEventRow[] = await db('ticket_events').whereBetween('ticket_id', [tickets[0].id, lastId]).orderBy(['ticket_id', 'id']);
    const byTicket = new Map<number, TicketEventRow[]>();
    for (const e of events) {
      const list = byTicket.get(e.ticket_id);
      if (list) list.push(e);
      else byTicket.set(e.ticket_id, [e]);
    }
    for (const t of tickets) {
      await replay(t, byTicket.get(t.id) ?? [], deps, out);
      const flags = slaFlags.flags(t, now);
      if (flags.atRisk || flags.overdue) {
        const id = t.department_id ?? NO_DEPARTMENT;
        const key = `${id}|${t.line}|${t.channel}`;
        const row = running.get(key) ?? { department_id: id, line: t.line, channel: t.channel, at_risk: 0, overdue: 0 };
        row.at_risk += flags.atRisk ? 1 : 0;
        row.overdue += flags.overdue ? 1 : 0;
        running.set(key, row);
      }
    }
  }
  out.runningNow = [...running.values()];
  await recountMergedSurveys(db, out);
  return out;
}

async function replay(t: TicketFacts, events: TicketEventRow[], deps: RecountDeps, out: Recount): Promise<void> {
  const { daily, durations, status } = out.deltas;
  status.push({ departmentId: t.department_id ?? NO_DEPARTMENT, line: t.line, channel: t.channel, status: t.status, n: 1 });
  const dims = (e: { created_at: Date; department_id: number | null }): Dims => ({
    day: shanghaiDate(e.created_at),
    departmentId: e.department_id ?? NO_DEPARTMENT,
    line: t.line,
    channel: t.channel,
  });
  const forSla = { type: t.type, urgency: t.urgency, categoryCode: deps.categoryCode(t.category_id) };
  // The clocks of the last dispatch are on the ticket itself (extensions included); earlier ones,
  // ended by a return or a reopening, are worked out again by the SLA module's rules.
  const lastStart = events.findLastIndex(startsClocks);
  // A supervisor's correction of a survey's result: the corrected result (the latest) is the one counted.
  const corrected = new Map<number, SurveyFacts>();
  for (const e of events) if (e.action === 'survey-corrected' && typeof e.data.surveyEventId === 'number') corrected.set(e.data.surveyEventId, e.data.counted as SurveyFacts);
  let clock: { dispatchedAt: Date; acceptDue: Date; replyDue: Date } | null = null;
  // Routing placed the ticket itself / a dispatcher has since sent it elsewhere after a return.
  let autoRouted = false;
  let misrouteCounted = false;

  for (const [i, e] of events.entries()) {
    const at = e.created_at;
    const data = e.data as Record<string, unknown>;
    const hour = intakeHourOf(t.created_at);
    if (e.action === 'create') {
      daily.push({ dims: dims({ created_at: t.created_at, department_id: null }), counters: { intake: 1, [hour]: 1, answered_on_spot: e.to_status === 'answered' ? 1 : 0 } });
    }
    if (startsClocks(e)) {
      if (!clock) {
        // Intake is attributed to the department a ticket was first sent to (on its creation day).
        daily.push({ dims: dims(e), counters: { dispatched: 1 } });
        daily.push({ dims: dims({ created_at: t.created_at, department_id: null }), counters: { intake: -1, [hour]: -1 } });
        daily.push({ dims: dims({ created_at: t.created_at, department_id: e.department_id }), counters: { intake: 1, [hour]: 1 } });
      }
      const due = i === lastStart ? { acceptDueAt: t.accept_due_at as Date, replyDueAt: t.reply_due_at as Date } : await deps.dueTimesFor(forSla, at);
      clock = { dispatchedAt: at, acceptDue: due.acceptDueAt, replyDue: due.replyDueAt };
    }
    if (e.action === 'extension/decision' && data.approve === true && clock && i < lastStart) clock.replyDue = new Date(data.replyDueAt as string);
    if ((e.action === 'accept' || e.action === 'reply') && clock) {
      const took = at.getTime() - clock.dispatchedAt.getTime();
      const kind = e.action;
      // The verdict stored when it happened; events written before verdicts were stored get it
      // worked out again by the same rule (the sla module's onTime).
      const inTime = (typeof data.onTime === 'boolean' ? data.onTime : onTime(at, kind === 'accept' ? clock.acceptDue : clock.replyDue)) ? 1 : 0;
      daily.push({
        dims: dims(e),
        counters:
          kind === 'accept'
            ? { accepted: 1, accepted_on_time: inTime, accept_ms: took }
            : { replied: 1, replied_on_time: inTime, reply_ms: took, resolved: data.outcome === 'resolved' ? 1 : 0 },
      });
      durations.push({ dims: dims(e), kind, bucket: bucketOf(took) });
    }
    // Each event carries the department after it: the one before is the previous event's.
    const takenFrom = i > 0 ? redispatchedFrom({ status: e.from_status ?? '', department_id: events[i - 1].department_id }, { status: e.to_status ?? '', department_id: e.department_id }) : null;
    if (takenFrom !== null) daily.push({ dims: dims({ created_at: at, department_id: takenFrom }), counters: { redispatched: 1 } });
    if (e.action === 'return') daily.push({ dims: dims(e), counters: { returned: 1 } });
    if (e.action === 'merge') daily.push({ dims: dims(e), counters: { merged: 1 } });
    if (e.action === 'transfer-110') daily.push({ dims: dims(e), counters: { transferred_110: 1 } });
    if (e.action === 'survey') daily.push({ dims: dims(e), counters: surveyCounters(corrected.get(e.id) ?? data) });
    if (e.action === 'follow-up' && data.kind === 'chase') daily.push({ dims: dims(e), counters: { chased: 1 } });
    if (e.action === 'route') {
      autoRouted = true;
      daily.push({ dims: dims(e), counters: { auto_routed: 1 } });
    }
    if (e.action === 'classify' && data.emergencyKind === undefined) daily.push({ dims: dims(e), counters: { routing_pooled: 1 } });
    if (e.action === 'dispatch' && e.from_status === 'returned' && data.returnRejected !== true && autoRouted && !misrouteCounted) {
      misrouteCounted = true;
      daily.push({ dims: dims(e), counters: { auto_redispatched: 1 } });
    }
  }
}

/** The citizens of merged tickets and attached callers answer outside the ticket's lifecycle: their surveys are rows of their own (corrected in place). */
async function recountMergedSurveys(db: Db, out: Recount): Promise<void> {
  const rows = await db('surveys as s')
    .join('tickets as t', 't.id', 's.ticket_id')
    .whereRaw('(s.ticket_id <> s.replied_ticket_id or s.caller_id is not null)')
    .whereNotNull('s.outcome')
    .whereNot('s.outcome', 'withdrawn')
    .select('s.outcome', 's.resolved', 's.completed_at', 's.department_id', 't.line', 't.channel');
  for (const r of rows) {
    const answered = ['satisfied', 'basically_satisfied', 'dissatisfied'].includes(r.outcome);
    out.deltas.daily.push({
      dims: { day: shanghaiDate(r.completed_at), departmentId: r.department_id ?? NO_DEPARTMENT, line: r.line, channel: r.channel },
      counters: surveyCounters({
        reached: answered,
        satisfaction: answered ? r.outcome : undefined,
        resolved: r.resolved ?? undefined,
        unreachable: r.outcome === 'unreachable',
        noCallbackConsent: r.outcome === 'no_consent',
      }),
    });
  }
}
