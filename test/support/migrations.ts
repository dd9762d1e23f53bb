import type { Db } from '../../src/db/knex';

export async function lastMigration(db: Db): Promise<string | undefined> {
  return (await db('knex_migrations').orderBy('id', 'desc').limit(1).pluck('name'))[0];
}

/**
 * Rolls back the migrations that came after the one named, so that a test of rolling that one back
 * does not depend on nothing having come since; `migrate.latest()` brings them all back.
 */
export async function rollBackUntilLast(db: Db, name: RegExp): Promise<void> {
  for (let last = await lastMigration(db); last !== undefined && !name.test(last); last = await lastMigration(db)) await db.migrate.down();
}
