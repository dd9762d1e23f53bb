// Every formula of SPEC section 8, written once. The REST endpoint, the live push and the recount
// (npm run metrics:verify) all feed their sums through `figures`, so they cannot disagree on a rate.
import { openStatuses, ticketStatuses, channels, lines } from '../tickets';
import { intakeHourCounters, percentileSeconds, zeroCounters, type Counters, type Histogram } from './metric-counters';
import type { Figures } from './metrics.schemas';

/** What a window (and filter) adds up to: the inputs of every figure. */
export interface Sums {
  counters: Counters;
  intakeByChannel: Record<string, number>;
  intakeByLine: Record<string, number>;
  acceptHistogram: Histogram;
  replyHistogram: Histogram;
  /** Tickets in each status now (not windowed). */
  statusNow: Record<string, number>;
  atRiskNow: number;
  overdueNow: number;
}

/** Sums of nothing: the start of every window's addition. */
export function emptySums(): Sums {
  return {
    counters: zeroCounters(),
    intakeByChannel: {},
    intakeByLine: {},
    acceptHistogram: new Map(),
    replyHistogram: new Map(),
    statusNow: {},
    atRiskNow: 0,
    overdueNow: 0,
  };
}

/** A share, or null when nothing was counted (a rate of 0/0 is not 0%). */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

function durationFigures(count: number, totalMs: number, h: Histogram) {
  return {
    count,
    meanSeconds: count === 0 ? null : Math.round(totalMs / count) / 1000,
    p90Seconds: percentileSeconds(h, 0.9),
  };
}

const perKey = (keys: readonly string[], values: Record<string, number>) => Object.fromEntries(keys.map((k) => [k, values[k] ?? 0]));

export function figures(s: Sums): Figures {
  const c = s.counters;
  const answered = c.survey_answered;
  const byStatus = perKey(ticketStatuses, s.statusNow);
  return {
    intake: {
      total: c.intake,
      byChannel: perKey(channels, s.intakeByChannel),
      byLine: perKey(lines, s.intakeByLine),
      // Hour 0 to 23 of the Shanghai day, added up over the window's days.
      byHour: intakeHourCounters.map((h) => c[h]),
      answeredOnSpot: c.answered_on_spot,
      answeredOnSpotRate: rate(c.answered_on_spot, c.intake),
    },
    tickets: {
      dispatched: c.dispatched,
      open: openStatuses.reduce((sum, st) => sum + byStatus[st], 0),
      byStatus,
      resolved: c.resolved,
      returned: c.returned,
      redispatched: c.redispatched,
      merged: c.merged,
      transferred110: c.transferred_110,
      // Citizens calling again to chase an open ticket (催办), and how many per ticket dispatched.
      chased: c.chased,
      chasesPerTicket: rate(c.chased, c.dispatched),
    },
    sla: {
      replied: c.replied,
      repliedOnTime: c.replied_on_time,
      onTimeRate: rate(c.replied_on_time, c.replied),
      accepted: c.accepted,
      acceptedOnTime: c.accepted_on_time,
      acceptOnTimeRate: rate(c.accepted_on_time, c.accepted),
      atRisk: s.atRiskNow,
      overdue: s.overdueNow,
      timeToAccept: durationFigures(c.accepted, c.accept_ms, s.acceptHistogram),
      timeToReply: durationFigures(c.replied, c.reply_ms, s.replyHistogram),
    },
    survey: {
      // Surveys that came to an end with the citizen: answered, or unreachable after 3 calls.
      // Citizens who declined callbacks were never asked: counted apart, in no rate.
      surveyed: answered + c.survey_unreachable,
      answered,
      satisfied: c.survey_satisfied,
      basicallySatisfied: c.survey_basically,
      dissatisfied: c.survey_dissatisfied,
      unreachable: c.survey_unreachable,
      noConsent: c.survey_no_consent,
      satisfactionRate: rate(c.survey_satisfied + c.survey_basically, answered),
      resolvedRate: rate(c.survey_resolved_yes, c.survey_resolved_asked),
    },
  };
}

/**
 * How the department league table ranks: by each key in turn, best first; a department whose rate
 * is 0/0 (nothing to rate) after those with one; ties by department code. Each key names the figures
 * its rate is made of (as `figures` works it out above), so the page can explain the order.
 */
export const leagueRanking = {
  keys: [
    { figure: 'sla.onTimeRate', order: 'desc', numerator: ['sla.repliedOnTime'], denominator: ['sla.replied'] },
    { figure: 'survey.satisfactionRate', order: 'desc', numerator: ['survey.satisfied', 'survey.basicallySatisfied'], denominator: ['survey.answered'] },
  ],
  unratedLast: true,
  tieBreak: 'department.code',
} as const satisfies { keys: readonly { figure: string; order: 'desc' | 'asc'; numerator: readonly string[]; denominator: readonly string[] }[]; unratedLast: true; tieBreak: 'department.code' };

/** A figure by its dotted path (`sla.onTimeRate`). */
export function figureAt(f: Figures, path: string): number | null {
  let value: unknown = f;
  for (const part of path.split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
  return typeof value === 'number' ? value : null;
}

/** Orders league rows by `leagueRanking`. */
export function compareForLeague(a: Figures & { department: { code: string } }, b: Figures & { department: { code: string } }): number {
  for (const key of leagueRanking.keys) {
    const [x, y] = [figureAt(a, key.figure), figureAt(b, key.figure)];
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    return key.order === 'desc' ? y - x : x - y;
  }
  return a.department.code.localeCompare(b.department.code);
}

/**
 * How well routing places tickets by itself (issue 17), the centre's figure: routing's decisions
 * are counted before any department has the ticket, so no department's share exists. The misroute
 * share counts re-dispatches in the window against tickets auto-routed in the window.
 */
export function routingFigures(c: Counters) {
  return {
    autoRouted: c.auto_routed,
    leftToDispatchers: c.routing_pooled,
    autoRoutingRate: rate(c.auto_routed, c.auto_routed + c.routing_pooled),
    redispatched: c.auto_redispatched,
    misrouteRate: rate(c.auto_redispatched, c.auto_routed),
  };
}
