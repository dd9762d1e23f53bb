import type { Db, Tx } from '../../db/knex';
import { SEALED_SHARD, dailyCounters } from './metric-counters';

/** The key of one day's counters, or of one day's histograms (every kind and bucket of it). */
export interface DayKey {
  day: string;
  department_id: number;
  line: string;
  channel: string;
}

export interface StatusKey {
  department_id: number;
  line: string;
  channel: string;
  status: string;
}

interface DailyTable {
  daily: string;
  monthly: string;
  yearly: string;
  /** Key columns below the day's dimensions (one statement seals all of them). */
  detail: string[];
  values: readonly string[];
  /** Rollups by department alone (without line and channel), kept beside the others. */
  byDepartment?: { monthly: string; yearly: string };
}

const DIMS = ['department_id', 'line', 'channel'];
const DAILY: DailyTable = { daily: 'metric_daily', monthly: 'metric_monthly', yearly: 'metric_yearly', detail: [], values: dailyCounters };
const BUCKETS: DailyTable = {
  daily: 'metric_duration_buckets',
  monthly: 'metric_monthly_duration_buckets',
  yearly: 'metric_yearly_duration_buckets',
  detail: ['kind', 'bucket'],
  values: ['n'],
  byDepartment: { monthly: 'metric_monthly_department_buckets', yearly: 'metric_yearly_department_buckets' },
};

const list = (names: readonly string[]) => names.join(', ');
const addTo = (table: string, values: readonly string[]) => values.map((v) => `${v} = ${table}.${v} + excluded.${v}`).join(', ');

/**
 * Moves one key's live shard rows into its sealed row and adds them to its month's and its year's
 * rollup rows, as one statement: the delete returns exactly what it removed, so a ticket change
 * committing meanwhile is either moved (it committed first: the delete waits for its row lock and
 * sees its sum) or stays live (it wrote a fresh shard row after the delete). One key at a time: a change holds at most one row of a
 * key (its shard's), so it and the compaction never wait on each other in a cycle; rows are
 * inserted in key order, so two compactions running at once do not either.
 */
function sealDaySql(t: DailyTable): string {
  const key = ['day', ...DIMS, ...t.detail];
  const sums = t.values.map((v) => `sum(${v})::bigint as ${v}`).join(', ');
  const rollups = [rollUp(t.monthly, 'month', DIMS, t), rollUp(t.yearly, 'year', DIMS, t)];
  if (t.byDepartment) rollups.push(rollUp(t.byDepartment.monthly, 'month', ['department_id'], t), rollUp(t.byDepartment.yearly, 'year', ['department_id'], t));
  const last = rollups.pop() as string;
  return `
    with moved as (
      delete from ${t.daily} where day = ? and department_id = ? and line = ? and channel = ? and shard < ${SEALED_SHARD}
      returning ${list([...key, ...t.values])}
    ), summed as (
      select ${list(key)}, ${sums} from moved group by ${list(key)}
    ), sealed as (
      insert into ${t.daily} (${list(key)}, shard, ${list(t.values)})
      select ${list(key)}, ${SEALED_SHARD}, ${list(t.values)} from summed order by ${list(key)}
      on conflict (${list(key)}, shard) do update set ${addTo(t.daily, t.values)}
    )${rollups.map((r, i) => `, rollup${i} as (
      ${r}
    )`).join('')}
    ${last}`;
}

/**
 * Adds what was sealed to a period's rollup rows of the given dimensions. A key's summed rows differ
 * in their detail columns, so they never fall on the same rollup row twice in one statement.
 */
function rollUp(table: string, period: 'month' | 'year', dims: string[], t: DailyTable): string {
  const rest = [...dims, ...t.detail];
  return `insert into ${table} (${period}, ${list([...rest, ...t.values])})
      select date_trunc('${period}', day)::date, ${list([...rest, ...t.values])} from summed order by ${list(['day', ...rest])}
      on conflict (${period}, ${list(rest)}) do update set ${addTo(table, t.values)}`;
}

const SEAL_DAILY = sealDaySql(DAILY);
const SEAL_BUCKETS = sealDaySql(BUCKETS);
const SEAL_STATUS = `
  with moved as (
    delete from metric_status_counts where department_id = ? and line = ? and channel = ? and status = ? and shard < ${SEALED_SHARD}
    returning n
  )
  insert into metric_status_counts (department_id, line, channel, status, shard, n)
  select ?, ?, ?, ?, ${SEALED_SHARD}, sum(n) from moved having count(*) > 0
  on conflict (department_id, line, channel, status, shard) do update set n = metric_status_counts.n + excluded.n`;

const PAGE = 1000;

/** Says that sealed rows changed (see migration 20261205010000): cached sealed sums are stale. */
export async function bumpSealGeneration(tx: Tx | Db): Promise<void> {
  await tx('metric_seal_generation').where({ id: 1 }).increment('generation', 1);
}

/** The compaction's statements (see metric-compaction.ts). */
export function createMetricCompactionRepository(db: Db) {
  /** Keys with live rows, in key order after `after`: the partial index on live rows serves this. */
  async function liveDayKeys(table: string, throughDay: string, after: DayKey | null): Promise<DayKey[]> {
    const q = db(table)
      .whereRaw(`shard < ${SEALED_SHARD}`)
      .where('day', '<=', throughDay)
      .distinct(db.raw(`to_char(day, 'YYYY-MM-DD') as day`), ...DIMS)
      .orderBy(['day', ...DIMS])
      .limit(PAGE);
    if (after) q.whereRaw('(day, department_id, line, channel) > (?::date, ?, ?, ?)', [after.day, after.department_id, after.line, after.channel]);
    return q;
  }

  /**
   * Seals a key and raises the seal generation in one transaction, so a read sees both or neither.
   * The generation row is locked last, after every row the seal locks: two compactions at once
   * cannot wait on each other in a cycle through it.
   */
  async function sealAndCount(sql: string, k: DayKey): Promise<void> {
    await db.transaction(async (tx) => {
      await tx.raw(sql, [k.day, k.department_id, k.line, k.channel]);
      await bumpSealGeneration(tx);
    });
  }

  return {
    dailyKeys: (throughDay: string, after: DayKey | null) => liveDayKeys('metric_daily', throughDay, after),
    bucketKeys: (throughDay: string, after: DayKey | null) => liveDayKeys('metric_duration_buckets', throughDay, after),

    async statusKeys(after: StatusKey | null): Promise<StatusKey[]> {
      const q = db('metric_status_counts')
        .whereRaw(`shard < ${SEALED_SHARD}`)
        .distinct('department_id', 'line', 'channel', 'status')
        .orderBy(['department_id', 'line', 'channel', 'status'])
        .limit(PAGE);
      if (after) q.whereRaw('(department_id, line, channel, status) > (?, ?, ?, ?)', [after.department_id, after.line, after.channel, after.status]);
      return q;
    },

    sealDaily: (k: DayKey) => sealAndCount(SEAL_DAILY, k),
    sealBuckets: (k: DayKey) => sealAndCount(SEAL_BUCKETS, k),

    async sealStatus(k: StatusKey): Promise<void> {
      const key = [k.department_id, k.line, k.channel, k.status];
      await db.raw(SEAL_STATUS, [...key, ...key]);
    },
  };
}

export type MetricCompactionRepository = ReturnType<typeof createMetricCompactionRepository>;
