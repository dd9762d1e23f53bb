import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { PreparingPgClient } from './prepared-statements';

export type Db = Knex;
export type Tx = Knex.Transaction;

// bigint (int8) columns hold ids and counts that stay far below 2^53: read them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
// numeric columns (coordinates) likewise.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

const migrationsDir = path.join(__dirname, '..', '..', 'migrations');

export function createDb(databaseUrl: string, pool: { min: number; max: number; idleTimeoutMillis?: number } = { min: 0, max: 10 }): Db {
  return knexFactory({
    // knex's 'pg' client, preparing the statements the process runs most (prepared-statements.ts).
    client: PreparingPgClient as unknown as typeof Knex.Client,
    connection: databaseUrl,
    pool,
    // A request waits at most this long for a connection; then it is a 503 (retry later), not a hang.
    acquireConnectionTimeout: 10_000,
    migrations: { directory: migrationsDir, loadExtensions: ['.js'], tableName: 'knex_migrations' },
  });
}

/** Creates the database named in the URL if it does not exist yet (first start on a fresh machine). */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount) return false;
    await admin.query(`create database "${name.replace(/"/g, '""')}"`);
    return true;
  } finally {
    await admin.end();
  }
}

export async function migrateLatest(db: Db): Promise<void> {
  await db.migrate.latest();
}
