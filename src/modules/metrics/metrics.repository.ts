import type { Db, Tx } from '../../db/knex';
import { METRIC_SHARDS, dailyCounters, dimsKey, zeroCounters, type Counters, type Dims, type DurationKind } from './metric-counters';
import type { Deltas, DurationDelta, StatusDelta } from './metric-deltas';

/** Which aggregates a read adds up. Days are Asia/Shanghai dates, both ends included. */
export interface AggregateFilter {
  fromDay: string;
  toDay: string;
  departmentIds: number[] | null;
  line: string | null;
  channel: string | null;
}

export interface DimensionFilter {
  departmentIds: number[] | null;
  line: string | null;
  channel: string | null;
}

export type CounterRow = { department_id: number; line: string; channel: string } & Counters;
export type DailyRow = Dims & Counters;
export interface BucketRow {
  department_id: number;
  kind: DurationKind;
  bucket: number;
  n: number;
}
export interface StatusRow {
  department_id: number;
  line: string;
  channel: string;
  status: string;
  n: number;
}
export interface RunningRow {
  department_id: number;
  at_risk: number;
  overdue: number;
}

type Query = ReturnType<Db>;

function filtered(q: Query, f: DimensionFilter, prefix = ''): Query {
  if (f.departmentIds) q.whereIn(`${prefix}department_id`, f.departmentIds);
  if (f.line) q.where(`${prefix}line`, f.line);
  if (f.channel) q.where(`${prefix}channel`, f.channel);
  return q;
}

const sumColumns = (db: Db) => dailyCounters.map((c) => db.raw('sum(??)::bigint as ??', [c, c]));

/** What one change (or one recount) adds to the aggregates, and the shard it writes them to. */
export interface ShardedDeltas {
  deltas: Deltas;
  shard: number;
}

/**
 * The only place that touches the metric tables. Every row is one of up to METRIC_SHARDS shards of
 * its key (see metric-counters.ts): writes go to the shard of their change, reads add them all up.
 * A write locks its rows in (key, shard) order, table by table, so that transactions committing at
 * once (one change, or a batch of intakes over many shards) lock the rows they share in the same
 * order and cannot deadlock.
 */
export function createMetricsRepository(db: Db) {
  return {
    /** The deltas of several changes in one statement per table (rows of the same key and shard added up first). */
    async apply(tx: Tx, parts: ShardedDeltas[]): Promise<void> {
      for (const { shard } of parts) {
        if (!Number.isInteger(shard) || shard < 0 || shard >= METRIC_SHARDS) throw new Error(`metric shard out of range: ${shard}`);
      }
      await upsertStatus(tx, parts.flatMap(({ deltas, shard }) => deltas.status.map((d) => ({ d, shard }))));
      await upsertDaily(tx, parts.flatMap(({ deltas, shard }) => deltas.daily.map((d) => ({ d, shard }))));
      await upsertDurations(tx, parts.flatMap(({ deltas, shard }) => deltas.durations.map((d) => ({ d, shard }))));
    },

    /** Counters added up over the window's days, one row per department, line and channel. */
    countersByDimension(f: AggregateFilter): Promise<CounterRow[]> {
      const q = db('metric_daily').whereBetween('day', [f.fromDay, f.toDay]);
      return filtered(q, f)
        .select('department_id', 'line', 'channel', ...sumColumns(db))
        .groupBy('department_id', 'line', 'channel') as unknown as Promise<CounterRow[]>;
    },

    bucketsByDepartment(f: AggregateFilter): Promise<BucketRow[]> {
      const q = db('metric_duration_buckets').whereBetween('day', [f.fromDay, f.toDay]);
      return filtered(q, f)
        .select('department_id', 'kind', 'bucket', db.raw('sum(n)::bigint as n'))
        .groupBy('department_id', 'kind', 'bucket') as unknown as Promise<BucketRow[]>;
    },

    statusNow(f: DimensionFilter): Promise<StatusRow[]> {
      return filtered(db('metric_status_counts'), f)
        .select('department_id', 'line', 'channel', 'status', db.raw('sum(n)::bigint as n'))
        .groupBy('department_id', 'line', 'channel', 'status')
        .havingRaw('sum(n) <> 0') as unknown as Promise<StatusRow[]>;
    },

    /**
     * At risk and overdue now, by department: the same rule as the SLA flags (overdue strictly after
     * the due time; at risk from 80% of dispatch→due, rounded to the millisecond). Reads the running
     * clocks' partial index only, so the cost follows the tickets being worked on, not all tickets.
     */
    async runningNow(f: DimensionFilter, now: Date): Promise<RunningRow[]> {
      const nowMs = now.getTime();
      const q = db('tickets').whereIn('status', ['dispatched', 'accepted']).whereNotNull('reply_due_at').whereNotNull('dispatched_at');
      const start = 'extract(epoch from dispatched_at) * 1000';
      const due = 'extract(epoch from reply_due_at) * 1000';
      return filtered(q, f)
        .select(
          db.raw('coalesce(department_id, 0) as department_id'),
          db.raw(`count(*) filter (where ${due} < ?)::int as overdue`, [nowMs]),
          db.raw(`count(*) filter (where ${due} >= ? and ${start} + round((${due} - ${start}) * 0.8) <= ?)::int as at_risk`, [nowMs, nowMs]),
        )
        .groupBy('department_id') as unknown as Promise<RunningRow[]>;
    },

    /** Every aggregate row as stored, its shards added up (one row per key), for the recount's comparison. */
    async allRows(): Promise<{ daily: DailyRow[]; buckets: (Dims & { kind: DurationKind; bucket: number; n: number })[]; status: StatusRow[] }> {
      const day = db.raw(`to_char(day, 'YYYY-MM-DD') as day`);
      const departmentId = db.raw('department_id as "departmentId"');
      const dims = ['day', 'department_id', 'line', 'channel'];
      return {
        daily: await db('metric_daily')
          .select(day, departmentId, 'line', 'channel', ...sumColumns(db))
          .groupBy(...dims),
        buckets: await db('metric_duration_buckets')
          .select(day, departmentId, 'line', 'channel', 'kind', 'bucket', db.raw('sum(n)::bigint as n'))
          .groupBy(...dims, 'kind', 'bucket'),
        status: await db('metric_status_counts')
          .select('department_id', 'line', 'channel', 'status', db.raw('sum(n)::bigint as n'))
          .groupBy('department_id', 'line', 'channel', 'status'),
      };
    },

    /**
     * Replaces every aggregate (metrics:verify --rebuild); the caller holds the tables locked. The
     * recount is written to shard 0: nothing else writes meanwhile, and reads add the shards up.
     */
    async replaceAll(tx: Tx, d: Deltas): Promise<void> {
      await tx.raw('truncate metric_daily, metric_duration_buckets, metric_status_counts');
      await this.apply(tx, [{ deltas: d, shard: 0 }]);
    },

    async lockForRebuild(tx: Tx): Promise<void> {
      await tx.raw('lock table metric_daily, metric_duration_buckets, metric_status_counts in exclusive mode');
    },
  };
}

export type MetricsRepository = ReturnType<typeof createMetricsRepository>;
/** What a snapshot reads: the tables, or (for the verification) the recount held in memory. */
export type MetricsReader = Pick<MetricsRepository, 'countersByDimension' | 'bucketsByDepartment' | 'statusNow' | 'runningNow'>;

const CHUNK = 500;

/** A delta and the shard it is written to. */
interface Sharded<D> {
  d: D;
  shard: number;
}

/** Adds up the deltas of each (key, shard) and puts them in lock order: by key, then shard. */
function mergeInLockOrder<D, M>(deltas: Sharded<D>[], keyOf: (d: D) => string, start: (d: D) => M, add: (m: M, d: D) => void): (M & { shard: number })[] {
  const merged = new Map<string, { key: string; shard: number; m: M }>();
  for (const { d, shard } of deltas) {
    const key = keyOf(d);
    const id = `${key}#${shard}`;
    let entry = merged.get(id);
    if (!entry) merged.set(id, (entry = { key, shard, m: start(d) }));
    add(entry.m, d);
  }
  return [...merged.values()]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.shard - b.shard))
    .map(({ shard, m }) => ({ ...m, shard }));
}

async function upsertStatus(tx: Tx, deltas: Sharded<StatusDelta>[]): Promise<void> {
  const rows = mergeInLockOrder(
    deltas,
    (d) => `${d.departmentId}|${d.line}|${d.channel}|${d.status}`,
    (d) => ({ department_id: d.departmentId, line: d.line, channel: d.channel, status: d.status, n: 0 }),
    (m, d) => (m.n += d.n),
  ).filter((r) => r.n !== 0);
  for (let i = 0; i < rows.length; i += CHUNK) {
    await tx('metric_status_counts')
      .insert(rows.slice(i, i + CHUNK))
      .onConflict(['department_id', 'line', 'channel', 'status', 'shard'])
      .merge({ n: tx.raw('metric_status_counts.n + excluded.n') });
  }
}

async function upsertDaily(tx: Tx, deltas: Sharded<Deltas['daily'][number]>[]): Promise<void> {
  const rows = mergeInLockOrder(
    deltas,
    (d) => dimsKey(d.dims),
    // Rows of one statement must have the same columns: write every counter, zero where unchanged.
    (d) => ({ day: d.dims.day, department_id: d.dims.departmentId, line: d.dims.line, channel: d.dims.channel, ...zeroCounters() }),
    (m, d) => {
      for (const c of dailyCounters) if (d.counters[c]) m[c] += d.counters[c] as number;
    },
  ).filter((r) => dailyCounters.some((c) => r[c] !== 0));
  const set = Object.fromEntries(dailyCounters.map((c) => [c, tx.raw('?? + excluded.??', [`metric_daily.${c}`, c])]));
  for (let i = 0; i < rows.length; i += CHUNK) {
    await tx('metric_daily').insert(rows.slice(i, i + CHUNK)).onConflict(['day', 'department_id', 'line', 'channel', 'shard']).merge(set);
  }
}

async function upsertDurations(tx: Tx, deltas: Sharded<DurationDelta>[]): Promise<void> {
  const rows = mergeInLockOrder(
    deltas,
    (d) => `${dimsKey(d.dims)}|${d.kind}|${String(d.bucket).padStart(3, '0')}`,
    (d) => ({ day: d.dims.day, department_id: d.dims.departmentId, line: d.dims.line, channel: d.dims.channel, kind: d.kind, bucket: d.bucket, n: 0 }),
    (m) => (m.n += 1),
  );
  for (let i = 0; i < rows.length; i += CHUNK) {
    await tx('metric_duration_buckets')
      .insert(rows.slice(i, i + CHUNK))
      .onConflict(['day', 'department_id', 'line', 'channel', 'kind', 'bucket', 'shard'])
      .merge({ n: tx.raw('metric_duration_buckets.n + excluded.n') });
  }
}
