import type { Knex } from 'knex';

// Compaction and rollups (docs/PERFORMANCE.md section 5). The shards of a key are folded into one
// row kept in shard 16 (SEALED_SHARD in the metrics module), which no ticket change writes; every
// sealed contribution is also added to its month's and its year's rollup rows, in the same
// statement. So a rollup row always equals the sum of its period's sealed rows, and a read may take
// the period from either. Nothing is sealed here: the compaction worker does that.
const DAILY_COUNTERS = [
  'intake',
  'answered_on_spot',
  'dispatched',
  'accepted',
  'accepted_on_time',
  'accept_ms',
  'replied',
  'replied_on_time',
  'reply_ms',
  'resolved',
  'returned',
  'merged',
  'transferred_110',
  'survey_answered',
  'survey_satisfied',
  'survey_basically',
  'survey_dissatisfied',
  'survey_unreachable',
  'survey_no_consent',
  'survey_resolved_asked',
  'survey_resolved_yes',
];
const SEALED_SHARD = 16;
const ROLLUPS = [
  ['monthly', 'month', 'extract(day from month) = 1'],
  ['yearly', 'year', 'extract(day from year) = 1 and extract(month from year) = 1'],
] as const;

interface Sharded {
  name: string;
  key: string[];
  values: string[];
}

const SHARDED: Sharded[] = [
  { name: 'metric_daily', key: ['day', 'department_id', 'line', 'channel'], values: DAILY_COUNTERS },
  { name: 'metric_duration_buckets', key: ['day', 'department_id', 'line', 'channel', 'kind', 'bucket'], values: ['n'] },
  { name: 'metric_status_counts', key: ['department_id', 'line', 'channel', 'status'], values: ['n'] },
];

export async function up(knex: Knex): Promise<void> {
  // A month's and a year's rollups: one row per key and period, the period named by its first day.
  for (const [level, column, check] of ROLLUPS) {
    await knex.schema.createTable(`metric_${level}`, (t) => {
      t.date(column).notNullable();
      t.integer('department_id').notNullable();
      t.text('line').notNullable();
      t.text('channel').notNullable();
      for (const c of DAILY_COUNTERS) t.bigInteger(c).notNullable().defaultTo(0);
      t.primary([column, 'department_id', 'line', 'channel']);
      t.check(check);
    });
    await knex.schema.createTable(`metric_${level}_duration_buckets`, (t) => {
      t.date(column).notNullable();
      t.integer('department_id').notNullable();
      t.text('line').notNullable();
      t.text('channel').notNullable();
      t.text('kind').notNullable();
      t.smallint('bucket').notNullable();
      t.bigInteger('n').notNullable().defaultTo(0);
      t.primary([column, 'department_id', 'line', 'channel', 'kind', 'bucket']);
      t.check(check);
      t.check(`kind in ('accept', 'reply')`);
    });
  }
  // The rows still to seal (the compaction's work list) and the live rows a month read adds to its
  // rollup: few at any time, so these stay small whatever the history.
  await knex.raw(`create index metric_daily_live on metric_daily (day, department_id, line, channel) where shard < ${SEALED_SHARD}`);
  await knex.raw(`create index metric_duration_buckets_live on metric_duration_buckets (day, department_id, line, channel) where shard < ${SEALED_SHARD}`);
  await knex.raw(`create index metric_status_counts_live on metric_status_counts (department_id, line, channel, status) where shard < ${SEALED_SHARD}`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists metric_daily_live');
  await knex.raw('drop index if exists metric_duration_buckets_live');
  await knex.raw('drop index if exists metric_status_counts_live');
  // Sealed rows go back into shard 0 (a shard the earlier schema knows): the totals are kept.
  for (const t of SHARDED) {
    const cols = (names: string[]) => names.map(() => '??').join(', ');
    const merge = t.values.map(() => '?? = ??.?? + excluded.??').join(', ');
    await knex.raw(
      `insert into ?? (${cols(t.key)}, shard, ${cols(t.values)})
       select ${cols(t.key)}, 0, ${cols(t.values)} from ?? where shard = ${SEALED_SHARD}
       on conflict (${cols(t.key)}, shard) do update set ${merge}`,
      [t.name, ...t.key, ...t.values, ...t.key, ...t.values, t.name, ...t.key, ...t.values.flatMap((v) => [v, t.name, v, v])],
    );
    await knex.raw(`delete from ?? where shard = ${SEALED_SHARD}`, [t.name]);
  }
  for (const [level] of ROLLUPS) {
    await knex.schema.dropTableIfExists(`metric_${level}_duration_buckets`);
    await knex.schema.dropTableIfExists(`metric_${level}`);
  }
}
