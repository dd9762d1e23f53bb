import type { Knex } from 'knex';
import type { Db, Tx } from '../../db/knex';
import { METRIC_SHARDS, SEALED_SHARD, dailyCounters, dimsKey, zeroCounters, type Counters, type DailyCounter, type Dims, type DurationKind } from './metric-counters';
import type { Deltas, DurationDelta, StatusDelta } from './metric-deltas';
import { bumpSealGeneration } from './metric-compaction.repository';
import { planWindow } from './metric-windows';
import { SealedSumsCache, addUp } from './sealed-sums-cache';

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
export type DayCounterRow = { day: string } & Partial<Counters>;
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
type Row = Record<string, number | string>;

/** The rows of a left join on `true` that hold a row (not the one null row of an empty side). */
const present = (rows: Row[], r: Rollup) => rows.filter((row) => row[r.keys[0]] !== null);

function filtered(q: Query, f: DimensionFilter, prefix = ''): Query {
  if (f.departmentIds) q.whereIn(`${prefix}department_id`, f.departmentIds);
  if (f.line) q.where(`${prefix}line`, f.line);
  if (f.channel) q.where(`${prefix}channel`, f.channel);
  return q;
}

const sumColumns = (db: Db, values: readonly string[] = dailyCounters) => values.map((c) => db.raw('sum(??)::bigint as ??', [c, c]));

interface Rollup {
  daily: string;
  monthly: string;
  yearly: string;
  /** Kept as they are: the key columns the read groups by. */
  keys: string[];
  /** Added up. */
  values: readonly string[];
  /** Rollups without line and channel, read when the window is not filtered by either. */
  byDepartment?: { monthly: string; yearly: string };
}

const COUNTERS: Rollup = { daily: 'metric_daily', monthly: 'metric_monthly', yearly: 'metric_yearly', keys: ['department_id', 'line', 'channel'], values: dailyCounters };
const BUCKETS: Rollup = {
  daily: 'metric_duration_buckets',
  monthly: 'metric_monthly_duration_buckets',
  yearly: 'metric_yearly_duration_buckets',
  keys: ['department_id', 'kind', 'bucket'],
  values: ['n'],
  byDepartment: { monthly: 'metric_monthly_department_buckets', yearly: 'metric_yearly_department_buckets' },
};

/**
 * The parts of a window (see metric-windows.ts): its live rows, and its sealed terms with their
 * signs. Literal shard bounds: the planner matches them to the partial indexes on live rows.
 */
function windowParts(db: Db, r: Rollup, f: AggregateFilter): { live: Query; sealed: Query[] } {
  const plan = planWindow(f.fromDay, f.toDay);
  const rollups = r.byDepartment && !f.line && !f.channel ? r.byDepartment : r;
  const part = (q: Query, sign: 1 | -1) => filtered(q, f).select(...r.keys, ...r.values.map((v) => (sign === 1 ? v : db.raw('-?? as ??', [v, v]))));
  const sealed: Query[] = [];
  for (const t of plan.sealed) {
    if ('year' in t) sealed.push(part(db(rollups.yearly).where('year', t.year), t.sign));
    else if ('month' in t) sealed.push(part(db(rollups.monthly).where('month', t.month), t.sign));
    else sealed.push(part(db(r.daily).whereBetween('day', [t.days.from, t.days.to]).whereRaw(`shard = ${SEALED_SHARD}`), t.sign));
  }
  return { live: part(db(r.daily).whereBetween('day', [plan.live.from, plan.live.to]).whereRaw(`shard < ${SEALED_SHARD}`), 1), sealed };
}

/** Parts added up by the rollup's keys. */
function addedUp(db: Db, r: Rollup, parts: Query[]): Query {
  const [first, ...rest] = parts;
  return db
    .from(first.unionAll(rest, true).as('w'))
    .select(...r.keys, ...sumColumns(db, r.values))
    .groupBy(...r.keys);
}

/** With the seal generation of the same snapshot, as one row at least (its other columns null when there are none). */
const withGeneration = (db: Db, q: Query | Knex.Raw) =>
  db.raw('select (select generation from metric_seal_generation) as generation, w.* from (select 1) as one left join (?) as w on true', [q]);

/**
 * Runs a window's read without parallel workers. The planner reckons a few thousand wide rows worth
 * a Gather, but starting the workers costs more than the whole read (measured at 1 M tickets: the
 * year's counters 142 ms with workers, 32 ms without), and the setting lasts for this read only.
 */
function serially<T>(db: Db, read: (q: Db) => PromiseLike<unknown>): Promise<T> {
  return db.transaction(async (tx): Promise<T> => {
    await tx.raw('set local max_parallel_workers_per_gather = 0');
    return (await read(tx)) as T;
  });
}

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
  // Not inside a transaction: the verification reads every part from the tables themselves.
  const cache = db.isTransaction ? null : new SealedSumsCache(32);

  /**
   * A window's rows added up by the rollup's keys, exact for one snapshot: the sealed sums kept from
   * an earlier read while the seal generation has not moved (then only the live rows are read, with
   * the generation, in one statement), else every part read in one statement and the sealed sums kept.
   */
  async function windowSums<T>(r: Rollup, f: AggregateFilter): Promise<T[]> {
    if (!cache) return serially(db, (q) => addedUp(q, r, Object.values(windowParts(q, r, f)).flat()));
    const key = JSON.stringify([r.daily, f]);
    const kept = cache.get(key);
    if (kept) {
      const { rows } = await serially<{ rows: Row[] }>(db, (q) => withGeneration(q, addedUp(q, r, [windowParts(q, r, f).live])));
      if (Number(rows[0].generation) === kept.generation) return addUp(r.keys, r.values, kept.rows, present(rows, r)) as T[];
    }
    const { rows } = await serially<{ rows: Row[] }>(db, (q) => {
      const { live, sealed } = windowParts(q, r, f);
      const tagged = (part: string, sums: Query) => sums.select(q.raw('? as part', [part]));
      // A raw union: knex would put the union before the grouped queries' group by.
      return withGeneration(q, q.raw('(?) union all (?)', [tagged('live', addedUp(q, r, [live])), tagged('sealed', addedUp(q, r, sealed))]));
    });
    const sealedRows = present(rows, r).filter((row) => row.part === 'sealed');
    cache.set(key, { generation: Number(rows[0].generation), rows: sealedRows });
    return addUp(r.keys, r.values, sealedRows, present(rows, r).filter((row) => row.part === 'live')) as T[];
  }

  return {
    /**
     * Whether a snapshot's reads may run at once, each on a connection of the pool: a window's
     * latency is then its slowest read, not their sum. Inside a transaction (the verification's
     * repeatable read) they share its one connection, so they run one after another.
     */
    concurrentReads: !db.isTransaction,

    /** The deltas of several changes in one statement per table (rows of the same key and shard added up first). */
    async apply(tx: Tx, parts: ShardedDeltas[]): Promise<void> {
      for (const { shard } of parts) {
        if (!Number.isInteger(shard) || shard < 0 || shard >= METRIC_SHARDS) throw new Error(`metric shard out of range: ${shard}`);
      }
      await inLockOrder(tx, [
        ...upsertStatus(tx, parts.flatMap(({ deltas, shard }) => deltas.status.map((d) => ({ d, shard })))),
        ...upsertDaily(tx, parts.flatMap(({ deltas, shard }) => deltas.daily.map((d) => ({ d, shard })))),
        ...upsertDurations(tx, parts.flatMap(({ deltas, shard }) => deltas.durations.map((d) => ({ d, shard })))),
      ]);
    },

    /** Counters added up over the window's days, one row per department, line and channel. */
    countersByDimension(f: AggregateFilter): Promise<CounterRow[]> {
      return windowSums<CounterRow>(COUNTERS, f);
    },

    /**
     * The given counters of each day with activity (every shard of its daily rows: a sealed day is
     * still one row per key in metric_daily), oldest first.
     */
    countersByDay(f: AggregateFilter, counters: readonly DailyCounter[]): Promise<DayCounterRow[]> {
      return serially(db, (q) =>
        filtered(q('metric_daily'), f)
          .whereBetween('day', [f.fromDay, f.toDay])
          .select(q.raw(`to_char(day, 'YYYY-MM-DD') as day`), ...sumColumns(q, counters))
          .groupBy('day')
          .orderBy('day'),
      ) as Promise<DayCounterRow[]>;
    },

    bucketsByDepartment(f: AggregateFilter): Promise<BucketRow[]> {
      return windowSums<BucketRow>(BUCKETS, f);
    },

    statusNow(f: DimensionFilter): Promise<StatusRow[]> {
      return filtered(db('metric_status_counts'), f)
        .select('department_id', 'line', 'channel', 'status', db.raw('sum(n)::bigint as n'))
        .groupBy('department_id', 'line', 'channel', 'status')
        .havingRaw('sum(n) <> 0') as unknown as Promise<StatusRow[]>;
    },

    /**
     * At risk and overdue now, by department, on whichever clock runs (accept while dispatched,
     * reply once accepted): the sla module's rules (overdue strictly after the due time; at risk
     * from 80% of dispatch→due, rounded to the millisecond) over the moments it stores per running
     * clock in sla_running_clocks: a few narrow rows (a week's open tickets) instead of the wide
     * ticket rows. The moments are compared as timestamps with `now` made exactly its millisecond
     * (to_timestamp rounds to the microsecond), which is what comparing epoch milliseconds did.
     */
    async runningNow(f: DimensionFilter, now: Date): Promise<RunningRow[]> {
      const nowMs = now.getTime();
      return filtered(db('sla_running_clocks'), f)
        .select(
          db.raw('coalesce(department_id, 0) as department_id'),
          db.raw(`count(*) filter (where due_at < to_timestamp(? / 1000.0))::int as overdue`, [nowMs]),
          db.raw(`count(*) filter (where due_at >= to_timestamp(? / 1000.0) and at_risk_at <= to_timestamp(? / 1000.0))::int as at_risk`, [nowMs, nowMs]),
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
     * Every value of every month's and year's rollup rows, beside the same value added up from that
     * period's sealed rows: the compaction keeps them equal, metrics:verify checks that it did.
     */
    async rollupValues(): Promise<{ rollup: Map<string, number>; sealed: Map<string, number> }> {
      const out = { rollup: new Map<string, number>(), sealed: new Map<string, number>() };
      const levels = [
        ['monthly', 'month', 'YYYY-MM'],
        ['yearly', 'year', 'YYYY'],
      ] as const;
      const byDepartment = BUCKETS.byDepartment as NonNullable<Rollup['byDepartment']>;
      for (const [r, keys] of [
        [COUNTERS, ['department_id', 'line', 'channel']],
        [BUCKETS, ['department_id', 'line', 'channel', 'kind', 'bucket']],
        [{ ...BUCKETS, ...byDepartment }, ['department_id', 'kind', 'bucket']],
      ] as const) {
        for (const [table, column, format] of levels) {
          const flat = (into: Map<string, number>, rows: Record<string, string | number>[]) => {
            for (const row of rows) for (const v of r.values) into.set(`${r[table]} ${[row.period, ...keys.map((k) => row[k])].join('|')} ${v}`, Number(row[v]));
          };
          flat(out.rollup, await db(r[table]).select(db.raw(`to_char(??, '${format}') as period`, [column]), ...keys, ...r.values));
          const period = `to_char(day, '${format}')`;
          flat(
            out.sealed,
            await db(r.daily)
              .whereRaw(`shard = ${SEALED_SHARD}`)
              .select(db.raw(`${period} as period`), ...keys, ...sumColumns(db, r.values))
              .groupByRaw([period, ...keys].join(', ')),
          );
        }
      }
      return out;
    },

    /**
     * Replaces every aggregate (metrics:verify --rebuild); the caller holds the tables locked. The
     * recount is written to shard 0, as live rows: nothing is sealed, so no month has a rollup yet
     * (the compaction seals them again).
     */
    async replaceAll(tx: Tx, d: Deltas): Promise<void> {
      await tx.raw(`truncate ${AGGREGATE_TABLES}`);
      await bumpSealGeneration(tx);
      await this.apply(tx, [{ deltas: d, shard: 0 }]);
    },

    async lockForRebuild(tx: Tx): Promise<void> {
      await tx.raw(`lock table ${AGGREGATE_TABLES} in exclusive mode`);
    },
  };
}

export type MetricsRepository = ReturnType<typeof createMetricsRepository>;
/** What a snapshot reads: the tables, or (for the verification) the recount held in memory. */
export type MetricsReader = Pick<MetricsRepository, 'concurrentReads' | 'countersByDimension' | 'countersByDay' | 'bucketsByDepartment' | 'statusNow' | 'runningNow'>;

const CHUNK = 500;
const AGGREGATE_TABLES =
  'metric_daily, metric_duration_buckets, metric_status_counts, metric_monthly, metric_monthly_duration_buckets, metric_yearly, metric_yearly_duration_buckets, metric_monthly_department_buckets, metric_yearly_department_buckets';

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

/** The protocol's bound on one statement's parameters. */
const MAX_PARAMETERS = 65_535;

/**
 * Runs upserts in the order given, as few statements as the parameter bound allows (a change's
 * three tables in one round trip instead of three): each upsert is a data-modifying WITH query, and
 * the final select reads them one after another, which is the order PostgreSQL runs them in, so the
 * rows are still locked table by table in lock order.
 */
async function inLockOrder(tx: Tx, upserts: Knex.QueryBuilder[]): Promise<void> {
  const groups: { statements: Knex.Sql[]; parameters: number }[] = [];
  for (const upsert of upserts) {
    const sql = upsert.toSQL();
    let group = groups.at(-1);
    if (!group || group.parameters + sql.bindings.length > MAX_PARAMETERS) groups.push((group = { statements: [], parameters: 0 }));
    group.statements.push(sql);
    group.parameters += sql.bindings.length;
  }
  for (const { statements: group } of groups) {
    const ctes = group.map((q, i) => `u${i} as (${q.sql} returning 1)`).join(', ');
    const reads = group.map((_, i) => `(select count(*) from u${i})`).join(' + ');
    await tx.raw(`with ${ctes} select ${reads} as n`, group.flatMap((q) => q.bindings as Knex.Value[]));
  }
}

function upsertStatus(tx: Tx, deltas: Sharded<StatusDelta>[]): Knex.QueryBuilder[] {
  const rows = mergeInLockOrder(
    deltas,
    (d) => `${d.departmentId}|${d.line}|${d.channel}|${d.status}`,
    (d) => ({ department_id: d.departmentId, line: d.line, channel: d.channel, status: d.status, n: 0 }),
    (m, d) => (m.n += d.n),
  ).filter((r) => r.n !== 0);
  return chunks(rows).map((chunk) =>
    tx('metric_status_counts')
      .insert(chunk)
      .onConflict(['department_id', 'line', 'channel', 'status', 'shard'])
      .merge({ n: tx.raw('metric_status_counts.n + excluded.n') }),
  );
}

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

function upsertDaily(tx: Tx, deltas: Sharded<Deltas['daily'][number]>[]): Knex.QueryBuilder[] {
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
  return chunks(rows).map((chunk) => tx('metric_daily').insert(chunk).onConflict(['day', 'department_id', 'line', 'channel', 'shard']).merge(set));
}

function upsertDurations(tx: Tx, deltas: Sharded<DurationDelta>[]): Knex.QueryBuilder[] {
  const rows = mergeInLockOrder(
    deltas,
    (d) => `${dimsKey(d.dims)}|${d.kind}|${String(d.bucket).padStart(3, '0')}`,
    (d) => ({ day: d.dims.day, department_id: d.dims.departmentId, line: d.dims.line, channel: d.dims.channel, kind: d.kind, bucket: d.bucket, n: 0 }),
    (m) => (m.n += 1),
  );
  return chunks(rows).map((chunk) =>
    tx('metric_duration_buckets')
      .insert(chunk)
      .onConflict(['day', 'department_id', 'line', 'channel', 'kind', 'bucket', 'shard'])
      .merge({ n: tx.raw('metric_duration_buckets.n + excluded.n') }),
  );
}
