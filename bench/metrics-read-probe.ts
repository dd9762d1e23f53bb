/**
 * Every metrics read of a window in the order it was made, on a database the scale scenario kept
 * (`--keep-scale`): where in a run the slow reads of a p99 fall, and how far apart (docs/PERFORMANCE.md
 * section 5, "Running clocks stored").
 *
 *   npm run build && node dist/bench/metrics-read-probe.js [reads] [window] [pauseMs]   (default 200, today, 0)
 *
 * window: today, month, year, or a query such as from=2025-12-03&to=2026-12-02.
 *
 * pauseMs: idle time before each read (a dashboard refreshing every minute is idle between reads).
 *
 * BENCH_DATABASE_URL as for the bench (its `_scale` sibling is read); the web process is started
 * fresh, as the scale scenario starts it.
 */
import { createDb } from '../src/db/knex';
import { databaseName, siblingUrl } from './lib/database';
import { createHttpClient } from './lib/http-client';
import { freePort, startWeb } from './lib/processes';
import { makeStaff } from './lib/staff';
import { summarise } from './lib/stats';

async function main(): Promise<void> {
  const reads = Number(process.argv[2] ?? 200);
  const window = process.argv[3] ?? 'today';
  const pauseMs = Number(process.argv[4] ?? 0);
  // A window's name, or a query of its own (from=…&to=…, the bench's "last 365 days").
  const query = window.includes('=') ? window : `window=${window}`;
  const benchUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/hotline_bench';
  const databaseUrl = siblingUrl(benchUrl, `${databaseName(benchUrl)}_scale`);
  const target = { databaseUrl, redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/12', queuePrefix: 'bench-probe' };
  const db = createDb(databaseUrl, { min: 0, max: 1 });
  const supervisor = await makeStaff(db, 'supervisor');
  await db.destroy();
  const web = await startWeb(target, await freePort());
  const http = createHttpClient(web.baseUrl, 4);
  try {
    const samples: { i: number; ms: number; at: number }[] = [];
    const t0 = performance.now();
    for (let i = 0; i < reads; i++) {
      if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
      const res = await http.request('GET', `/api/v1/metrics?${query}`, undefined, supervisor.headers);
      if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      samples.push({ i, ms: res.ms, at: res.at - t0 });
    }
    const s = summarise(samples.slice(3).map((x) => x.ms));
    console.log(`window=${window} reads=${reads} pause=${pauseMs} ms (first 3 left out): p50 ${s.p50Ms} p90 ${s.p90Ms} p99 ${s.p99Ms} max ${s.maxMs} ms`);
    // A short run prints every read; a long one those slower than twice its p50.
    const slow = reads <= 20 ? samples : samples.filter((x) => x.ms > 2 * (s.p50Ms ?? 0));
    console.log(reads <= 20 ? 'every read (read #, ms, s since the first read):' : `slower than twice the p50 (read #, ms, s since the first read):`);
    for (const x of slow) console.log(`  #${x.i} ${x.ms.toFixed(1)} ms at ${(x.at / 1000).toFixed(2)} s (${new Date(performance.timeOrigin + t0 + x.at).toISOString()})`);
  } finally {
    http.close();
    await web.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
