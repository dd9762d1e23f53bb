import type { Db } from './knex';

/**
 * What the database server's own settings will cost the system, as warnings for whoever starts it.
 *
 * autovacuum: with it off no table is ever analysed, so PostgreSQL plans with its default guesses
 * (a third of a table for a range condition) and reads whole tables where an index would find a few
 * rows: dearer with every ticket stored. Measured: a simulated year's days went from ~800 to ~400
 * requests/s in 18 days, and back within a minute of the first analysis (docs/PERFORMANCE.md
 * section 8, "The full-volume year, and PostgreSQL without autovacuum").
 */
export async function serverSettingWarnings(db: Db): Promise<string[]> {
  return (await autovacuumIsOn(db))
    ? []
    : [
        "PostgreSQL's autovacuum is off: tables are never analysed, and PostgreSQL's plans without statistics " +
          'read whole tables, slower with every ticket stored. Set autovacuum = on in postgresql.conf (the default).',
      ];
}

export async function autovacuumIsOn(db: Db): Promise<boolean> {
  const { rows } = await db.raw(`select current_setting('autovacuum') as autovacuum`);
  return rows[0].autovacuum === 'on';
}
