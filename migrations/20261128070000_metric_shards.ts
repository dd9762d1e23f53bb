import type { Knex } from 'knex';

// Each metric aggregate row becomes up to N shard rows (N is METRIC_SHARDS in the metrics module):
// a change writes the shard of its ticket (ticket id % N), so concurrent intakes stop queueing on
// one row's lock; every read adds the shards up. Existing rows become shard 0.
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

interface Table {
  name: string;
  key: string[];
  values: string[];
}

const TABLES: Table[] = [
  { name: 'metric_daily', key: ['day', 'department_id', 'line', 'channel'], values: DAILY_COUNTERS },
  { name: 'metric_duration_buckets', key: ['day', 'department_id', 'line', 'channel', 'kind', 'bucket'], values: ['n'] },
  { name: 'metric_status_counts', key: ['department_id', 'line', 'channel', 'status'], values: ['n'] },
];

async function setPrimaryKey(knex: Knex, t: Table, columns: string[]): Promise<void> {
  await knex.raw('alter table ?? drop constraint ??', [t.name, `${t.name}_pkey`]);
  await knex.raw(`alter table ?? add constraint ?? primary key (${columns.map(() => '??').join(', ')})`, [t.name, `${t.name}_pkey`, ...columns]);
}

export async function up(knex: Knex): Promise<void> {
  for (const t of TABLES) {
    await knex.raw('alter table ?? add column shard smallint not null default 0 check (shard >= 0)', [t.name]);
    // The shard last: the key's leading columns still serve the reads by day and department.
    await setPrimaryKey(knex, t, [...t.key, 'shard']);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const t of TABLES) {
    // Every shard is added into shard 0 before the column goes: the totals are kept.
    const keys = t.key.map(() => '??').join(', ');
    const sums = t.values.map(() => 'sum(??)').join(', ');
    const merge = t.values.map(() => '?? = ??.?? + excluded.??').join(', ');
    await knex.raw(
      `insert into ?? (${keys}, shard, ${t.values.map(() => '??').join(', ')})
       select ${keys}, 0, ${sums} from ?? where shard <> 0 group by ${keys}
       on conflict (${keys}, shard) do update set ${merge}`,
      [t.name, ...t.key, ...t.values, ...t.key, ...t.values, t.name, ...t.key, ...t.key, ...t.values.flatMap((v) => [v, t.name, v, v])],
    );
    await knex.raw('delete from ?? where shard <> 0', [t.name]);
    await setPrimaryKey(knex, t, t.key);
    await knex.raw('alter table ?? drop column shard', [t.name]);
  }
}
