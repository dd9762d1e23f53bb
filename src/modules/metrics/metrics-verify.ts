// npm run metrics:verify: every aggregate and every figure, stored vs recounted from the raw tables.
import type { Db } from '../../db/knex';
import type { CategoryCatalog } from '../categories';
import type { DepartmentDirectory } from '../departments';
import { createSlaRepository, createSlaService } from '../sla';
import { dailyCounters, dimsKey, zeroCounters, type Counters } from './metric-counters';
import type { Deltas } from './metric-deltas';
import { recount, type Recount, type RecountDeps } from './metrics-recount';
import { createMetricsRepository, type AggregateFilter, type DimensionFilter, type MetricsReader } from './metrics.repository';
import { createMetricsService, windowDays, type Selection } from './metrics.service';

/**
 * What the recount needs: the SLA module's own due-time rules, with policies and calendar read once
 * for the whole run. They are only used for clocks a ticket no longer carries (a dispatch ended by
 * a return or a reopening): the timeline does not record due times, so such a clock is worked out
 * with the policies in force now, and one edited since shows up as a difference on that ticket.
 */
export function recountDeps(db: Db, catalog: CategoryCatalog, directory: DepartmentDirectory): RecountDeps & { directory: DepartmentDirectory } {
  const rules = createSlaService(createSlaRepository(db)).pinned();
  return {
    dueTimesFor: async (t, from) => (await rules).dueTimesFor(t, from),
    categoryCode: (id) => (id === null ? null : (catalog.get(id)?.code ?? null)),
    directory,
  };
}

export interface VerifyReport {
  rowsCompared: number;
  figuresCompared: number;
  differences: string[];
}

interface Folded {
  daily: Map<string, { key: string; department_id: number; day: string; line: string; channel: string; counters: Counters }>;
  buckets: Map<string, number>;
  status: Map<string, number>;
}

function fold(d: Deltas): Folded {
  const out: Folded = { daily: new Map(), buckets: new Map(), status: new Map() };
  for (const { dims, counters } of d.daily) {
    const key = dimsKey(dims);
    const row = out.daily.get(key) ?? { key, department_id: dims.departmentId, day: dims.day, line: dims.line, channel: dims.channel, counters: zeroCounters() };
    for (const c of dailyCounters) row.counters[c] += counters[c] ?? 0;
    out.daily.set(key, row);
  }
  for (const b of d.durations) {
    const key = `${dimsKey(b.dims)}|${b.kind}|${b.bucket}`;
    out.buckets.set(key, (out.buckets.get(key) ?? 0) + 1);
  }
  for (const s of d.status) {
    const key = `${s.departmentId}|${s.line}|${s.channel}|${s.status}`;
    out.status.set(key, (out.status.get(key) ?? 0) + s.n);
  }
  return out;
}

const inDims = (f: DimensionFilter, r: { department_id: number; line: string; channel: string }) =>
  (!f.departmentIds || f.departmentIds.includes(r.department_id)) && (!f.line || f.line === r.line) && (!f.channel || f.channel === r.channel);
const inWindow = (f: AggregateFilter, day: string) => day >= f.fromDay && day <= f.toDay;

/** The recount served through the same reader interface as the tables, for the same service to read. */
function recountReader(folded: Folded, rc: Recount): MetricsReader {
  const rows = [...folded.daily.values()];
  return {
    concurrentReads: false,
    async countersByDimension(f) {
      const grouped = new Map<string, { department_id: number; line: string; channel: string } & Counters>();
      for (const r of rows.filter((r) => inDims(f, r) && inWindow(f, r.day))) {
        const key = `${r.department_id}|${r.line}|${r.channel}`;
        const g = grouped.get(key) ?? { department_id: r.department_id, line: r.line, channel: r.channel, ...zeroCounters() };
        for (const c of dailyCounters) g[c] += r.counters[c];
        grouped.set(key, g);
      }
      return [...grouped.values()];
    },
    async countersByDay(f, counters) {
      const grouped = new Map<string, { day: string } & Partial<Counters>>();
      for (const r of rows.filter((r) => inDims(f, r) && inWindow(f, r.day))) {
        const g = grouped.get(r.day) ?? { day: r.day };
        for (const c of counters) g[c] = (g[c] ?? 0) + r.counters[c];
        grouped.set(r.day, g);
      }
      return [...grouped.values()].sort((a, b) => a.day.localeCompare(b.day));
    },
    async bucketsByDepartment(f) {
      const grouped = new Map<string, { department_id: number; kind: 'accept' | 'reply'; bucket: number; n: number }>();
      for (const [key, n] of folded.buckets) {
        const [day, dept, line, channel, kind, bucket] = key.split('|');
        if (!inDims(f, { department_id: Number(dept), line, channel }) || !inWindow(f, day)) continue;
        const g = grouped.get(`${dept}|${kind}|${bucket}`) ?? { department_id: Number(dept), kind: kind as 'accept', bucket: Number(bucket), n: 0 };
        g.n += n;
        grouped.set(`${dept}|${kind}|${bucket}`, g);
      }
      return [...grouped.values()];
    },
    async statusNow(f) {
      return [...folded.status.entries()]
        .map(([key, n]) => {
          const [dept, line, channel, status] = key.split('|');
          return { department_id: Number(dept), line, channel, status, n };
        })
        .filter((r) => r.n !== 0 && inDims(f, r));
    },
    async runningNow(f) {
      return rc.runningNow.filter((r) => inDims(f, r));
    },
  };
}

function flatten(value: unknown, path: string, out: Map<string, unknown>): Map<string, unknown> {
  if (Array.isArray(value)) value.forEach((v, i) => flatten(v, `${path}[${(v as { department?: { code: string } })?.department?.code ?? i}]`, out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) flatten(v, path ? `${path}.${k}` : k, out);
  else out.set(path, value);
  return out;
}

/** Differences between two flat maps; a key missing on one side counts as `absent` there. */
function diffMaps(what: string, stored: Map<string, unknown>, recounted: Map<string, unknown>, differences: string[], absent: unknown = 0): number {
  const keys = new Set([...stored.keys(), ...recounted.keys()]);
  for (const k of keys) {
    const a = stored.has(k) ? stored.get(k) : absent;
    const b = recounted.has(k) ? recounted.get(k) : absent;
    if (a !== b) differences.push(`${what} ${k}: stored ${String(a)}, recounted ${String(b)}`);
  }
  return keys.size;
}

/**
 * Reads the aggregates and recounts from one snapshot of the database (repeatable read), so a
 * verification while tickets keep changing compares like with like. With `rebuild`, the
 * aggregates are replaced by the recount instead (after a restore, or on a database that had
 * tickets before the metrics existed), with the tables locked so no change slips in between.
 */
export async function verifyMetrics(db: Db, deps: RecountDeps & { directory: DepartmentDirectory }, now: Date, opts: { rebuild?: boolean } = {}): Promise<VerifyReport> {
  return db.transaction(
    async (trx) => {
      const repo = createMetricsRepository(trx);
      if (opts.rebuild) await repo.lockForRebuild(trx);
      const rc = await recount(trx, deps, now);
      const differences: string[] = [];
      if (opts.rebuild) {
        await repo.replaceAll(trx, rc.deltas);
        return { rowsCompared: 0, figuresCompared: 0, differences };
      }
      const folded = fold(rc.deltas);
      const stored = await repo.allRows();
      const storedFold = fold({
        daily: stored.daily.map((r) => ({ dims: r, counters: r })),
        durations: [],
        status: stored.status.map((s) => ({ departmentId: s.department_id, line: s.line, channel: s.channel, status: s.status, n: s.n })),
      });
      for (const b of stored.buckets) storedFold.buckets.set(`${dimsKey(b)}|${b.kind}|${b.bucket}`, b.n);
      const perCounter = (f: Folded) => new Map([...f.daily.values()].flatMap((r) => dailyCounters.map((c) => [`${r.key} ${c}`, r.counters[c]] as const)));
      let rowsCompared = diffMaps('aggregate', perCounter(storedFold), perCounter(folded), differences);
      rowsCompared += diffMaps('duration bucket', storedFold.buckets, folded.buckets, differences);
      rowsCompared += diffMaps('status count', storedFold.status, folded.status, differences);
      // The rollups are not part of the recount: they must equal the sealed rows they were made from.
      const { rollup, sealed } = await repo.rollupValues();
      rowsCompared += diffMaps('rollup', rollup, sealed, differences);

      const days = [...storedFold.daily.values(), ...folded.daily.values()].map((r) => r.day).sort();
      const windows = [windowDays('today', now), windowDays('month', now), windowDays('year', now)];
      if (days.length) windows.push({ fromDay: days[0], toDay: days[days.length - 1] });
      const departments = new Set([...folded.status.keys()].map((k) => Number(k.split('|')[0])).filter((id) => id !== 0));
      const selections: Selection[] = [];
      for (const w of windows) {
        selections.push({ ...w, departmentId: null, line: null, channel: null });
        for (const line of ['12345', '12369', '110']) selections.push({ ...w, departmentId: null, line, channel: null });
        for (const channel of ['phone', 'web', 'app', 'wechat', 'email', 'transfer']) selections.push({ ...w, departmentId: null, line: null, channel });
      }
      for (const id of departments) selections.push({ ...windows[windows.length - 1], departmentId: id, line: null, channel: null });

      const fromTables = createMetricsService({ repo, directory: deps.directory });
      const fromRecount = createMetricsService({ repo: recountReader(folded, rc), directory: deps.directory });
      let figuresCompared = 0;
      for (const sel of selections) {
        const a = flatten(await fromTables.snapshot(sel, now), '', new Map());
        const b = flatten(await fromRecount.snapshot(sel, now), '', new Map());
        const label = `figure [${sel.fromDay}..${sel.toDay}${sel.departmentId ? ` department ${sel.departmentId}` : ''}${sel.line ? ` line ${sel.line}` : ''}${sel.channel ? ` channel ${sel.channel}` : ''}]`;
        figuresCompared += diffMaps(label, a, b, differences, 'absent');
      }
      return { rowsCompared, figuresCompared, differences };
    },
    { isolationLevel: 'repeatable read' },
  );
}
