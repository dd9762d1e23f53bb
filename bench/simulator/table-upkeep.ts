/**
 * Autovacuum's work on the simulation's database, done between simulated days when the server has
 * autovacuum off (this machine's CI configuration): without it no table is analysed, PostgreSQL
 * plans without statistics, and a full-volume year's days slow by half within three weeks, which
 * measures the server, not the system (src/db/server-settings.ts). The tables are picked by
 * autovacuum's own rule and the server's own thresholds (dead rows or rows inserted since the last
 * vacuum, rows changed since the last analysis, over the threshold plus the scale factor × the
 * table's rows), so a run does what a server with autovacuum on would have done that day,
 * but in the simulator's time rather than alongside it: the run's real time includes it. Tables'
 * own autovacuum settings are not read: the system's tables set none.
 */
import type { Db } from '../../src/db/knex';

/** The tables one pass vacuumed, and those it analysed. */
export interface TableUpkeep {
  vacuumed: string[];
  analysed: string[];
}

export async function upkeepTables(db: Db): Promise<TableUpkeep> {
  const { rows } = await db.raw(`
    select s.relname as name,
           s.n_dead_tup > current_setting('autovacuum_vacuum_threshold')::float8
                          + current_setting('autovacuum_vacuum_scale_factor')::float8 * greatest(c.reltuples, 0)
        or s.n_ins_since_vacuum > current_setting('autovacuum_vacuum_insert_threshold')::float8
                          + current_setting('autovacuum_vacuum_insert_scale_factor')::float8 * greatest(c.reltuples, 0) as vacuum,
           s.n_mod_since_analyze > current_setting('autovacuum_analyze_threshold')::float8
                          + current_setting('autovacuum_analyze_scale_factor')::float8 * greatest(c.reltuples, 0) as analyse
      from pg_stat_user_tables s
      join pg_class c on c.oid = s.relid
     where s.schemaname = current_schema()`);
  const upkeep: TableUpkeep = { vacuumed: [], analysed: [] };
  // One table at a time, as autovacuum's worker would; VACUUM cannot run inside a transaction block.
  for (const { name, vacuum, analyse } of rows as { name: string; vacuum: boolean; analyse: boolean }[]) {
    if (vacuum) await db.raw(analyse ? 'vacuum (analyze) ??' : 'vacuum ??', [name]);
    else if (analyse) await db.raw('analyze ??', [name]);
    if (vacuum) upkeep.vacuumed.push(name);
    if (analyse) upkeep.analysed.push(name);
  }
  return upkeep;
}
