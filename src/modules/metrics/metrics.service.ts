import { ForbiddenError, ValidationError } from '../../shared/errors';
import type { Principal } from '../auth';
import type { DepartmentDirectory } from '../departments';
import { shanghaiDate } from '../sla';
import { NO_DEPARTMENT, addCounters, addToHistogram } from './metric-counters';
import { emptySums, figures, routingFigures, type Figures, type Sums } from './metric-formulas';
import type { MetricsReader } from './metrics.repository';
import type { MetricsQuery } from './metrics.schemas';

/** The window and filters a snapshot was taken for, after scoping. */
export interface Selection {
  fromDay: string;
  toDay: string;
  departmentId: number | null;
  line: string | null;
  channel: string | null;
}

const bump = (into: Record<string, number>, key: string, n: number) => (into[key] = (into[key] ?? 0) + n);

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

  async function snapshot(sel: Selection, now: Date) {
    const dims = { departmentIds: sel.departmentId === null ? null : directory.subtreeIds(sel.departmentId), line: sel.line, channel: sel.channel };
    const window = { ...dims, fromDay: sel.fromDay, toDay: sel.toDay };
    // One after another: inside the verification's transaction they share a single connection.
    const counters = await repo.countersByDimension(window);
    const buckets = await repo.bucketsByDepartment(window);
    const status = await repo.statusNow(dims);
    const running = await repo.runningNow(dims, now);

    const total = emptySums();
    const perDepartment = new Map<number, Sums>();
    const both = (departmentId: number, apply: (s: Sums) => void) => {
      apply(total);
      if (departmentId === NO_DEPARTMENT) return;
      let s = perDepartment.get(departmentId);
      if (!s) perDepartment.set(departmentId, (s = emptySums()));
      apply(s);
    };
    for (const r of counters) {
      both(r.department_id, (s) => {
        addCounters(s.counters, r);
        bump(s.intakeByChannel, r.channel, r.intake);
        bump(s.intakeByLine, r.line, r.intake);
      });
    }
    for (const b of buckets) both(b.department_id, (s) => addToHistogram(b.kind === 'accept' ? s.acceptHistogram : s.replyHistogram, b.bucket, b.n));
    for (const r of status) both(r.department_id, (s) => bump(s.statusNow, r.status, r.n));
    for (const r of running) {
      both(r.department_id, (s) => {
        s.atRiskNow += r.at_risk;
        s.overdueNow += r.overdue;
      });
    }

    return {
      window: { from: sel.fromDay, to: sel.toDay, timeZone: 'Asia/Shanghai' },
      filters: { departmentId: sel.departmentId, line: sel.line, channel: sel.channel },
      generatedAt: now.toISOString(),
      ...figures(total),
      routing: sel.departmentId === null ? routingFigures(total.counters) : null,
      departments: leagueTable(perDepartment),
    };
  }

  function leagueTable(perDepartment: Map<number, Sums>) {
    const rows = [...perDepartment.entries()].map(([id, sums]) => {
      const d = directory.get(id);
      return { department: { id, code: d?.code ?? String(id), name: d?.name ?? '' }, ...figures(sums) };
    });
    // Best on-time rate first, then satisfaction; departments with nothing to rate go last.
    const key = (f: Figures) => [f.sla.onTimeRate ?? -1, f.survey.satisfactionRate ?? -1];
    return rows.sort((a, b) => {
      const [ka, kb] = [key(a), key(b)];
      return kb[0] - ka[0] || kb[1] - ka[1] || a.department.code.localeCompare(b.department.code);
    });
  }

  return { scope, snapshot };
}

export type MetricsService = ReturnType<typeof createMetricsService>;
export type MetricsSnapshot = Awaited<ReturnType<MetricsService['snapshot']>>;
