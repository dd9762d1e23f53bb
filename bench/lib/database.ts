import pg from 'pg';
import { createDb, ensureDatabase, type Db } from '../../src/db/knex';
import { loadReferenceData } from '../../src/reference-data';

/** The database name of a URL. */
export const databaseName = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

/**
 * Scratch databases only: benchmarks and the simulator drop and recreate theirs, so a name that
 * could be someone's real data (`hotline`) or the shared test database is refused.
 */
export function assertScratch(url: string): void {
  const name = databaseName(url);
  if (!/(bench|sim)/.test(name)) throw new Error(`refusing to recreate database ${name}: a scratch database's name must contain "bench" or "sim"`);
}

async function admin<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const u = new URL(url);
  u.pathname = '/postgres';
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Drops (if asked) and creates the database, migrates it and loads the reference data. */
export async function prepareDatabase(url: string, opts: { fresh: boolean }): Promise<void> {
  if (opts.fresh) {
    assertScratch(url);
    const name = databaseName(url);
    await admin(url, async (c) => {
      await c.query(`drop database if exists "${name}" with (force)`);
      await c.query(`create database "${name}"`);
    });
  } else {
    await ensureDatabase(url);
  }
  const db = createDb(url, { min: 0, max: 2 });
  try {
    await db.migrate.latest();
    await loadReferenceData(db);
  } finally {
    await db.destroy();
  }
}

/**
 * Commits of this scratch database stop waiting for their WAL flush (`synchronous_commit = off` for
 * every later session): the same statements and the same results, without the disk's latency in
 * each transaction. A crash could lose the last commits, which a scratch database rebuilt each run
 * does not mind.
 */
export async function relaxCommits(url: string): Promise<void> {
  assertScratch(url);
  const name = databaseName(url);
  await admin(url, (c) => c.query(`alter database "${name}" set synchronous_commit = off`));
}

export async function dropDatabase(url: string): Promise<void> {
  assertScratch(url);
  const name = databaseName(url);
  await admin(url, (c) => c.query(`drop database if exists "${name}" with (force)`));
}

/** A URL naming another database on the same server. */
export function siblingUrl(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export type { Db };
