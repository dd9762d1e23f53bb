import type { Knex } from 'knex';

// Duration histograms rolled up by department alone, beside the month's and year's rollups by
// department × line × channel (docs/PERFORMANCE.md section 5). Reads without a line or channel
// filter (the dashboard, the league table) add these up: a year is about one row per department,
// kind and bucket instead of one per line and channel as well. The compaction adds every sealed
// contribution to them in the same statement as to the other rollups, so each row equals the sum of
// its period's sealed rows; the backfill below starts them equal to the rollups already made.
const LEVELS = [
  ['monthly', 'month', 'extract(day from month) = 1'],
  ['yearly', 'year', 'extract(day from year) = 1 and extract(month from year) = 1'],
] as const;

export async function up(knex: Knex): Promise<void> {
  for (const [level, column, check] of LEVELS) {
    const table = `metric_${level}_department_buckets`;
    await knex.schema.createTable(table, (t) => {
      t.date(column).notNullable();
      t.integer('department_id').notNullable();
      t.text('kind').notNullable();
      t.smallint('bucket').notNullable();
      t.bigInteger('n').notNullable().defaultTo(0);
      t.primary([column, 'department_id', 'kind', 'bucket']);
      t.check(check);
      t.check(`kind in ('accept', 'reply')`);
    });
    await knex.raw(
      `insert into ?? (??, department_id, kind, bucket, n)
       select ??, department_id, kind, bucket, sum(n) from ?? group by 1, 2, 3, 4`,
      [table, column, column, `metric_${level}_duration_buckets`],
    );
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const [level] of LEVELS) await knex.schema.dropTableIfExists(`metric_${level}_department_buckets`);
}
