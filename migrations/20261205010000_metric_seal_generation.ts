import type { Knex } from 'knex';

// A number the compaction raises in every transaction that seals rows (and a rebuild when it
// replaces them): a web process may keep a window's sealed sums while the number it read them with
// is still the number, and read only the live rows (docs/PERFORMANCE.md section 5).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('metric_seal_generation', (t) => {
    t.smallint('id').primary();
    t.bigInteger('generation').notNullable();
    t.check('id = 1');
  });
  // Starts above any count an earlier copy of the table reached (migrations rolled back and applied
  // again under a running process): a process's kept sums then never match a generation by chance.
  await knex('metric_seal_generation').insert({ id: 1, generation: knex.raw('(extract(epoch from clock_timestamp()) * 1000000)::bigint') });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('metric_seal_generation');
}
