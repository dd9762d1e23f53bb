import { ForbiddenError, ValidationError } from '../../shared/errors';
import type { Principal } from '../../shared/principal';
import type { DepartmentDirectory } from '../departments';
import { shanghaiDate } from '../../shared/shanghai-time';
import { NO_DEPARTMENT, addCounters, addToHistogram, dailyCounters } from './metric-counters';
import { compareForLeague, emptySums, figures, leagueRanking, routingFigures, type Sums } from './metric-formulas';
import type { MetricsReader } from './metrics.repository';
import { daysBetween, type DailySeries, type MetricsQuery, type MetricsSnapshot } from './metrics.schemas';

/** The window and filters a snapshot was taken for, after scoping. */
export interface Selection {
  fromDay: string;
  toDay: string;
  departmentId: number | null;
  line: string | null;
  channel: string | null;
}

/** The counters a day of the trend is worked out from (see `daily`). */
const TREND_COUNTERS = ['intake', 'dispatched', 'replied', 'replied_on_time', 'survey_answered', 'survey_satisfied', 'survey_basically'] as const;

const bump = (into: Record<string, number>, key: string, n: number) => (into[key] = (into[key] ?? 0) + n);

type Reads = readonly (() => Promise<unknown>)[];
type Results<R extends Reads> = { -readonly [K in keyof R]: Awaited<ReturnType<R[K]>> };

/** The reads at once, or one after another when they share one connection. */
async function readAll<R extends Reads>(concurrent: boolean, reads: R): Promise<Results<R>> {
  if (concurrent) return (await Promise.all(reads.map((r) => r()))) as Results<R>;
  const out: unknown[] = [];
  for (const r of reads) out.push(await r());
  return out as Results<R>;
}

/** Asia/Shanghai days of a named window: today, this month or this year, each up to today. */
export function windowDays(window: 'today' | 'month' | 'year', now: Date): { fromDay: string; toDay: string } {
  const today = shanghaiDate(now);
  const fromDay = window === 'today' ? today : window === 'month' ? `${today.slice(0, 7)}-01` : `${today.slice(0, 4)}-01-01`;
  return { fromDay, toDay: today };
}

/**
 * Reads the aggregates and turns them into SPEC section 8's figures. Each read adds up at most one
 * row per day × department × line × channel with activity (and, for "now", the running clocks):
 * its cost does not depend on how many tickets are stored.
 */
export function createMetricsService(deps: { repo: MetricsReader; directory: DepartmentDirectory }) {
  const { repo, directory } = deps;

  /** Handlers see their own department (and its sub-units); the centre's staff see everything. */
  function scope(principal: Principal, q: MetricsQuery, now: Date): Selection {
    let departmentId = q.departmentId ?? null;
    if (departmentId !== null && !directory.get(departmentId)) {
      throw new ValidationError('Invalid query', [{ field: 'departmentId', message: `unknown department ${departmentId}` }]);
    }
    if (principal.kind === 'user' && principal.role === 'handler') {
      departmentId ??= principal.departmentId;
      if (!directory.isWithin(departmentId, principal.departmentId)) throw new ForbiddenError('Handlers see the figures of their own department only', 'DEPARTMENT_NOT_ALLOWED');
    }
    const days = q.window === 'custom' ? { fromDay: q.from as string, toDay: q.to as string } : windowDays(q.window, now);
    return { ...days, departmentId, line: q.line ?? null, channel: q.channel ?? null };
  }

  const dimsOf = (sel: Selection) => ({ departmentIds: sel.departmentId === null ? null : directory.subtreeIds(sel.departmentId), line: sel.line, channel: sel.channel });
  const described = (sel: Selection) => ({
    window: { from: sel.fromDay, to: sel.toDay, timeZone: 'Asia/Shanghai' as const },
    filters: { departmentId: sel.departmentId, line: sel.line, channel: sel.channel },
  });

  async function snapshot(sel: Selection, now: Date): Promise<MetricsSnapshot> {
    const dims = dimsOf(sel);
    const window = { ...dims, fromDay: sel.fromDay, toDay: sel.toDay };
    const [counters, buckets, status, running] = await readAll(repo.concurrentReads, [
      () => repo.countersByDimension(window),
      () => repo.bucketsByDepartment(window),
      () => repo.statusNow(dims),
      () => repo.runningNow(dims, now),
    ] as const);

    const total = emptySums();
    const perDepartment = new Map<number, Sums>();
    const both = (departmentId: number, apply: (s: Sums) => void) => {
      apply(total);
      if (departmentId === NO_DEPARTMENT) return;
      let s = perDepartment.get(departmentId);
      if (!s) perDepartment.set(departmentId, (s = emptySums()));
      apply(s);
    };
    // A key can add up to nothing in the window (a year's rollup less the days outside it): it adds
    // no figure, and must not put a department in the league table that had no activity in it.
    for (const r of counters) {
      if (dailyCounters.every((c) => Number(r[c]) === 0)) continue;
      both(r.department_id, (s) => {
        addCounters(s.counters, r);
        bump(s.intakeByChannel, r.channel, r.intake);
        bump(s.intakeByLine, r.line, r.intake);
      });
    }
    for (const b of buckets) if (Number(b.n) !== 0) both(b.department_id, (s) => addToHistogram(b.kind === 'accept' ? s.acceptHistogram : s.replyHistogram, b.bucket, b.n));
    for (const r of status) both(r.department_id, (s) => bump(s.statusNow, r.status, r.n));
    for (const r of running) {
      both(r.department_id, (s) => {
        s.atRiskNow += r.at_risk;
        s.overdueNow += r.overdue;
      });
    }

    return {
      ...described(sel),
      generatedAt: now.toISOString(),
      ...figures(total),
      routing: sel.departmentId === null ? routingFigures(total.counters) : null,
      departments: leagueTable(perDepartment),
      ranking: { keys: leagueRanking.keys.map((k) => ({ ...k, numerator: [...k.numerator], denominator: [...k.denominator] })), unratedLast: true, tieBreak: 'department.code' },
    };
  }

  function leagueTable(perDepartment: Map<number, Sums>) {
    const rows = [...perDepartment.entries()].map(([id, sums]) => {
      const d = directory.get(id);
      return { department: { id, code: d?.code ?? String(id), name: d?.name ?? '' }, ...figures(sums) };
    });
    return rows.sort(compareForLeague);
  }

  /**
   * The trend of a window, one point per day: each day's counters (every shard of its daily rows)
   * through the same formulas as a snapshot of that day alone. Reads each day's rows (every shard
   * of every department × line × channel with activity), so the query bounds the window (366 days).
   */
  async function daily(sel: Selection, now: Date): Promise<DailySeries> {
    const rows = await repo.countersByDay({ ...dimsOf(sel), fromDay: sel.fromDay, toDay: sel.toDay }, TREND_COUNTERS);
    const byDay = new Map(rows.map((r) => [r.day, r]));
    const days = Array.from({ length: daysBetween(sel.fromDay, sel.toDay) }, (_, i) => new Date(Date.parse(`${sel.fromDay}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10));
    return {
      ...described(sel),
      generatedAt: now.toISOString(),
      days: days.map((day) => {
        const sums = emptySums();
        addCounters(sums.counters, byDay.get(day) ?? {});
        const f = figures(sums);
        return {
          day,
          intake: f.intake.total,
          dispatched: f.tickets.dispatched,
          replied: f.sla.replied,
          repliedOnTime: f.sla.repliedOnTime,
          onTimeRate: f.sla.onTimeRate,
          surveyAnswered: f.survey.answered,
          satisfactionRate: f.survey.satisfactionRate,
        };
      }),
    };
  }

  return { scope, snapshot, daily };
}

export type MetricsService = ReturnType<typeof createMetricsService>;
