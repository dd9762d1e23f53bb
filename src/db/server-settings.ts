import type { Db } from './knex';

/**
 * What the database server's own settings will cost the system, as warnings for whoever starts it.
 *
 * autovacuum: with it off no table is ever analysed, so the plans PostgreSQL caches per connection
 * (its foreign-key checks, the statements prepared-statements.ts prepares) keep what they chose while
 * a table was nearly empty: whole-table scans, dearer with every ticket stored. Measured: a simulated
 * year's days went from ~800 to ~400 requests/s in two weeks, and back within a minute of the first
 * analysis (docs/PERFORMANCE.md section 8, "autovacuum off").
 */
export async function serverSettingWarnings(db: Db): Promise<string[]> {
  const { rows } = await db.raw(`select current_setting('autovacuum') as autovacuum`);
  return rows[0].autovacuum === 'on'
    ? []
    : [
        "PostgreSQL's autovacuum is off: tables are never analysed, and plans chosen while they were small " +
          'become whole-table scans as tickets accumulate. Set autovacuum = on in postgresql.conf (the default).',
      ];
}
