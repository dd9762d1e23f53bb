import type { Express } from 'express';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createApp, type AppHandle } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { createContainer, type Container } from '../../src/container';
import { createDb } from '../../src/db/knex';
import { loadReferenceData } from '../../src/reference-data';
import type { Clock } from '../../src/shared/clock';
import { createLogger } from '../../src/shared/logger';
import { recordRoutes } from './response-recorder';

const baseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/hotline_test';
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/15';

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: baseUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: `test-${process.pid}`,
    // The suite builds many containers; small pools keep them all under max_connections. Isolated
    // harnesses stay open until the run ends, so their idle connections must go as the pool's own
    // default has them go (30 s): kept 10 minutes, they exhausted PostgreSQL's 100.
    DB_POOL_MAX: '4',
    DB_POOL_IDLE_SECONDS: '30',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // Callbacks at any hour and unanswered tries back to back, so that tests run at any time of
    // day; the callback-window tests set the real rules.
    SURVEY_CALL_HOURS: '0-24',
    SURVEY_ATTEMPT_SPACING_HOURS: '0',
    // The public routes' counters are in Redis, one budget per address for every harness of the run
    // (they share the prefix and 127.0.0.1): the tests of the limit set theirs with a prefix of their own.
    PUBLIC_RATE_LIMIT: '100000',
    // The nightly retraining runs on the wall clock: a run crossing 02:30 Shanghai time would train
    // on the tests' dispatches and route the later tests' calls by that model. Its tests start it themselves.
    ROUTING_RETRAIN: 'off',
    ...overrides,
  });
}

export async function prepareTestDatabase(): Promise<void> {
  const url = new URL(baseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.query(`create database "${name}"`);
  await admin.end();
  const db = createDb(baseUrl, { min: 0, max: 2 });
  await db.migrate.latest();
  await loadReferenceData(db);
  await db.destroy();
  const redis = new Redis(redisUrl);
  await redis.flushdb();
  redis.disconnect();
}

export interface Harness extends AppHandle {
  c: Container;
}

let shared: Promise<Harness> | null = null;
const extra: Container[] = [];

/** The app and its container on the test database, shared by the tests that need no special setup. */
export function harness(): Promise<Harness> {
  shared ??= build(testConfig());
  return shared;
}

/** A separate app, e.g. with a manual clock or tight rate limits; closed after the run. */
export async function isolatedHarness(opts: { env?: Record<string, string>; clock?: Clock } = {}): Promise<Harness> {
  const h = await build(testConfig(opts.env), opts.clock);
  extra.push(h.c);
  return h;
}

async function build(config: Config, clock?: Clock): Promise<Harness> {
  const c = await createContainer(config, { clock, logger: createLogger(config.logLevel) });
  const handle = createApp(c);
  recordRoutes(handle.api.routes);
  return { c, ...handle };
}

export async function closeHarness(): Promise<void> {
  const all = [...extra];
  if (shared) all.push((await shared).c);
  await Promise.all(all.map((c) => c.close()));
}

export type { Express };
