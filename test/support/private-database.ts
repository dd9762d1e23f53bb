import pg from 'pg';
import { createDb } from '../../src/db/knex';
import { loadReferenceData } from '../../src/reference-data';

const baseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/hotline_test';

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = new URL(baseUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A database of the test's own, migrated and loaded with the reference data, for a test whose
 * assertion covers every row (the metrics recount): other tests' shortcuts (a status written
 * straight into the table to set a scene) cannot spill into it. Returns its URL and a drop function.
 */
export async function privateDatabase(suffix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const url = new URL(baseUrl);
  const name = `${url.pathname.slice(1)}_${suffix}`;
  url.pathname = `/${name}`;
  await admin(async (c) => {
    await c.query(`drop database if exists "${name}" with (force)`);
    await c.query(`create database "${name}"`);
  });
  const db = createDb(url.toString(), { min: 0, max: 2 });
  await db.migrate.latest();
  await loadReferenceData(db);
  await db.destroy();
  return { url: url.toString(), drop: () => admin(async (c) => void (await c.query(`drop database if exists "${name}" with (force)`))) };
}
