import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { createDb, type Db } from '../../src/db/knex';
import { WebhookReceiver } from '../support/webhook-receiver';
import { AppProcess, PgCluster, RedisServer, sleep, tempBase } from './support/cluster';
import { Load } from './support/load';
import { settle, verify, type Outcome } from './support/verify';

/**
 * The fault suite (`npm run test:faults`, issue 16): its own PostgreSQL cluster and Redis on spare
 * ports, two web and two worker processes of the built app, a 110 webhook receiver, and a bounded
 * load of concurrent creates and actions. Each scenario injects one fault under load, lets the
 * system recover, and checks: every 201 is exactly one ticket, every ticket is routed exactly once,
 * every emergency reached 110, no delivery is lost, metrics:verify finds no difference.
 *
 * Redis runs without persistence (the worst case: a restart comes back empty). Jobs get 4 tries
 * (JOB_ATTEMPTS, ~4 s) instead of 10 (~4 min), so that a 30 s database outage exhausts them, which is
 * what a 5 min outage does with the defaults: the sweep must retry failed jobs either way.
 */
// Below Linux's ephemeral range (32768-60999): a port in it may be held by any client socket of the
// machine for a moment, and a web process that cannot listen never answers (two CI runs failed so).
const PG_PORT = Number(process.env.FAULTS_PG_PORT ?? 25432);
const REDIS_PORT = Number(process.env.FAULTS_REDIS_PORT ?? 26379);
const WEB_PORTS = [25436, 25437];
const OUTAGE_S = Number(process.env.FAULTS_PG_OUTAGE_SECONDS ?? 30);
const SETTLE_MS = 120_000;

const results: { scenario: string; load: Load; outcome: Outcome; redriven: number }[] = [];
let redrivenBefore = 0;

/** Jobs the sweep handed over again (lost by Redis, or failed for good), from the workers' logs. */
function redrivenInLogs(dir: string): number {
  return readdirSync(dir)
    .filter((f) => f.startsWith('worker-'))
    .flatMap((f) => [...readFileSync(path.join(dir, f), 'utf8').matchAll(/"redriven":(\d+)/g)].map((m) => Number(m[1])))
    .reduce((a, b) => a + b, 0);
}

/** The web processes' logged 500s ('unexpected error' lines), so a failure names its cause. */
function unexpectedErrorsInLogs(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.startsWith('web-'))
    .flatMap((f) => readFileSync(path.join(dir, f), 'utf8').split('\n').filter((line) => line.includes('"unexpected error"')))
    .slice(0, 5);
}

describe('fault suite: nothing lost under faults', function () {
  this.timeout(OUTAGE_S * 1000 + 300_000);
  const base = tempBase();
  const pg = new PgCluster(PG_PORT, base.dir);
  const redis = new RedisServer(REDIS_PORT);
  let police: WebhookReceiver;
  let env: Record<string, string>;
  let db: Db;
  const webs: AppProcess[] = [];
  const workers: AppProcess[] = [];
  let creds: { operator: string; supervisor: string; appKey: string; policeKey: string };
  const webUrls = () => WEB_PORTS.map((p) => `http://127.0.0.1:${p}`);

  before(async function () {
    this.timeout(180_000);
    pg.init();
    pg.start();
    await redis.start();
    police = await WebhookReceiver.start();
    const appKey = `hk_app_faults_${'a'.repeat(24)}`;
    const policeKey = `hk_110_faults_${'b'.repeat(24)}`;
    env = {
      NODE_ENV: 'development',
      DATABASE_URL: pg.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: 'faults',
      LOG_LEVEL: 'warn',
      DB_POOL_MAX: '10',
      DEMO_PASSWORD: 'faults-demo-password',
      DEMO_API_KEY_APP: appKey,
      DEMO_API_KEY_110: policeKey,
      PARTNER_110_URL: police.url,
      PARTNER_110_SECRET: 'faults-110-secret-0123456789',
      SWEEP_EVERY_SECONDS: '2',
      REDRIVE_AFTER_SECONDS: '5',
      JOB_ATTEMPTS: '4',
      PUBLIC_RATE_LIMIT: '100000',
      LOGIN_RATE_LIMIT: '100000',
    };
    const release = new AppProcess('release', env, path.join(base.dir, 'release.log'));
    release.start();
    expect(await release.waitExit()).to.equal(0);
    for (const port of WEB_PORTS) webs.push(new AppProcess('web', { ...env, PORT: String(port) }, path.join(base.dir, `web-${port}.log`)));
    for (let i = 0; i < 2; i++) workers.push(new AppProcess('worker', env, path.join(base.dir, `worker-${i}.log`)));
    for (const p of [...webs, ...workers]) p.start();
    await waitForWebs();
    const login = async (username: string) => {
      const res = await fetch(`${webUrls()[0]}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: env.DEMO_PASSWORD }) });
      return String(((await res.json()) as { token: string }).token);
    };
    creds = { operator: await login('operator'), supervisor: await login('supervisor'), appKey, policeKey };
    db = createDb(pg.url, { min: 0, max: 4 });
  });

  after(async function () {
    this.timeout(60_000);
    await Promise.all([...webs, ...workers].map((p) => p.kill('SIGTERM')));
    await db?.destroy();
    await police?.close();
    await redis.kill();
    pg.stopQuietly();
    if (results.length) printTable();
    if (!process.env.FAULTS_KEEP) base.remove();
    else console.log(`      logs kept in ${base.dir}`);
  });

  async function waitForWebs(): Promise<void> {
    for (const [n, url] of webUrls().entries()) {
      for (let i = 0; ; i++) {
        const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
        if (ok) break;
        if (webs[n].ended) throw new Error(`${url} exited while starting:\n${webs[n].logTail()}`);
        // 60 s: on a busy 2-core machine four processes starting at once once took over 20 s.
        if (i > 600) throw new Error(`${url} did not start within 60 s:\n${webs[n].logTail()}`);
        await sleep(100);
      }
    }
  }

  /** Runs the load: 3 s, the fault and its recovery, 9 s more; then checks everything made so far. */
  async function scenario(name: string, fault: () => Promise<void>): Promise<Outcome & { redriven: number }> {
    const load = new Load(webUrls, creds, { loops: 6, pauseMs: 150 });
    load.start();
    await sleep(3000);
    await fault();
    await sleep(9000);
    await load.stop();
    const settledMs = await settle(db, SETTLE_MS);
    const outcome = await verify(db, allLedgers(load), police, env, settledMs);
    const redrivenSoFar = redrivenInLogs(base.dir);
    const redriven = redrivenSoFar - redrivenBefore;
    results.push({ scenario: name, load, outcome, redriven });
    redrivenBefore = redrivenSoFar;
    const errors = load.stats.errors.slice(0, 5);
    expect(errors, `${name}: answers 5xx other than 503, or wrong answers (web logs: ${errors.length ? unexpectedErrorsInLogs(base.dir).join('\n') : ''})`).to.deep.equal([]);
    expect(outcome.createdNotOnce, `${name}: 201s that are not exactly one ticket`).to.equal(0);
    expect(outcome.unrouted, `${name}: tickets never routed`).to.equal(0);
    expect(outcome.routedTwice, `${name}: tickets routed twice`).to.equal(0);
    expect(outcome.emergenciesReached, `${name}: emergencies that reached 110`).to.equal(outcome.emergencies);
    expect(outcome.deliveriesNotDelivered, `${name}: deliveries not acknowledged`).to.equal(0);
    expect(outcome.metricsDifferences, `${name}: metrics:verify differences`).to.equal(0);
    return { ...outcome, redriven };
  }

  const ledgers: Load[] = [];
  function allLedgers(current: Load) {
    if (!ledgers.includes(current)) ledgers.push(current);
    return ledgers.flatMap((l) => l.ledger);
  }

  it('when two web and two worker processes take a steady load, then nothing is lost', async () => {
    await scenario('two web + two worker processes, no fault', async () => undefined);
  });

  /** Pauses the workers for a while, so that the fault hits a backlog of jobs in Redis, not an empty queue. */
  async function withBacklog(fault: () => Promise<void>): Promise<void> {
    for (const w of workers) w.signal('SIGSTOP');
    await sleep(3000);
    try {
      await fault();
    } finally {
      for (const w of workers) w.signal('SIGCONT');
    }
  }

  it('when Redis is restarted empty under load, with a backlog of jobs, then the sweep re-drives the lost jobs: every ticket is still routed once and every emergency reaches 110', async () => {
    const { redriven } = await scenario('Redis restarted empty (no persistence), 3 s of jobs waiting', () =>
      withBacklog(async () => {
        await redis.kill();
        await sleep(2000);
        await redis.start();
      }),
    );
    expect(redriven, 'jobs the sweep handed over again').to.be.greaterThan(0);
  });

  it(`when PostgreSQL is stopped for ${OUTAGE_S} s under load, then requests get 503 meanwhile and nothing is lost after`, async () => {
    // The workers take their backlog while PostgreSQL is down: its jobs run out of tries and fail for good.
    const { redriven } = await scenario(`PostgreSQL stopped ${OUTAGE_S} s, 3 s of jobs waiting`, async () => {
      await withBacklog(async () => pg.stop());
      await sleep(OUTAGE_S * 1000);
      pg.start();
    });
    expect(redriven, 'failed jobs the sweep retried').to.be.greaterThan(0);
  });

  it('when a worker is SIGKILLed under load, then its jobs are taken over and nothing is lost', async () => {
    await scenario('a worker SIGKILLed (restarted 5 s later)', async () => {
      await workers[0].kill('SIGKILL');
      await sleep(5000);
      workers[0].start();
    });
  });

  it('when a web process is SIGKILLed mid-batch, then clients retry with their Idempotency-Key on the other one and no 201 is lost or doubled', async () => {
    await scenario('a web process SIGKILLed mid-batch (restarted 3 s later)', async () => {
      await webs[1].kill('SIGKILL');
      await sleep(3000);
      webs[1].start();
      await waitForWebs();
    });
  });
});

function printTable(): void {
  const rows = results.map(({ scenario, load, outcome: o, redriven }) =>
    `| ${scenario} | ${load.stats.created} / ${load.stats.replayed} | ${load.stats.actions} | ${load.stats.unavailable} / ${load.stats.cut} | ${load.stats.errors.length} | ${redriven} | ${o.tickets} | ${o.createdNotOnce} | ${o.routedOnce} / ${o.routedTwice} / ${o.unrouted} | ${o.emergenciesReached} of ${o.emergencies} (+${o.emergencyRepeats}) | ${o.deliveriesNotDelivered} | ${o.metricsDifferences} | ${(o.settledMs / 1000).toFixed(1)} s |`,
  );
  console.log(
    [
      '',
      '| scenario | 201 / 200 replays | actions | 503 / cut (retried) | other 5xx | re-driven by the sweep | tickets so far | 201 not one ticket | routed once / twice / never | emergencies at 110 (repeat posts) | deliveries lost | metrics diffs | settled after the load stopped |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
      ...rows,
      '',
    ].join('\n'),
  );
}
