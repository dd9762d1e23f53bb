/**
 * Two builds of the application side by side: this tree's web + worker and another build's (a
 * commit exported and built elsewhere), each loaded with the intake scenario's requests at the same
 * time, each under its own Redis queue prefix, over one database. Both then get the same machine,
 * which a shared machine's load moves from one minute to the next; what a run compares is their CPU
 * per request and their write and read syscalls per request (/proc/PID/io: counts the load does not move),
 * the workers' until they have routed what the run created.
 *
 *   git archive <commit> | tar -x -C /tmp/before && ln -s "$PWD/node_modules" /tmp/before/ && (cd /tmp/before && npx tsc -p .)
 *   node dist/bench/intake-side-by-side.js /tmp/before/dist [seconds] [this-first|other-first]
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb } from '../src/db/knex';
import { prepareDatabase } from './lib/database';
import { runMain } from './lib/main';
import type * as Processes from './lib/processes';
import { makePartnerKey, makeStaff } from './lib/staff';
import { load, type Run } from './scenarios/intake';

const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/hotline_bench';
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/12';

/** Waits until a stack's routing queue has nothing waiting or active (at most two minutes). */
async function routed(target: Processes.BenchTarget): Promise<void> {
  const connection = new Redis(target.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue('routing', { connection, prefix: target.queuePrefix });
  try {
    for (const until = Date.now() + 120_000; Date.now() < until; await new Promise((r) => setTimeout(r, 250))) {
      const counts = await queue.getJobCounts('waiting', 'active', 'prioritized');
      if (Object.values(counts).every((n) => n === 0)) return;
    }
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

/** Write and read syscalls of a process so far. */
function syscalls(pid: number): { writes: number; reads: number } {
  const fields = Object.fromEntries(fs.readFileSync(`/proc/${pid}/io`, 'utf8').trim().split('\n').map((line) => line.split(': ')));
  return { writes: Number(fields.syscw), reads: Number(fields.syscr) };
}

async function main(): Promise<void> {
  const [otherDist, secondsArg, orderArg] = process.argv.slice(2);
  if (!otherDist) throw new Error('usage: intake-side-by-side.js <the other build\'s dist directory> [seconds] [this-first|other-first]');
  const seconds = Number(secondsArg ?? 20);
  const builds = { this: path.join(__dirname, '..'), other: path.resolve(otherDist) };
  const order = orderArg === 'other-first' ? (['other', 'this'] as const) : (['this', 'other'] as const);

  await prepareDatabase(databaseUrl, { fresh: true });
  const db = createDb(databaseUrl, { min: 0, max: 2 });
  const operator = await makeStaff(db, 'operator');
  const app = await makePartnerKey(db, 'app');
  const headersFor = (kind: string) => (kind === 'app' ? app.headers : operator.headers);
  // Each build's own process helpers start its own run.js.
  const stacks: { build: string; p: typeof Processes; target: Processes.BenchTarget; web: Processes.AppProcess; worker: Processes.AppProcess; pids: Record<string, number> }[] = [];
  for (const build of order) {
    const p = require(path.join(builds[build], 'bench', 'lib', 'processes.js')) as typeof Processes;
    const target = { databaseUrl, redisUrl, queuePrefix: `side-by-side-${build}` };
    await p.clearQueues(target);
    const web = await p.startWeb(target, await p.freePort());
    const worker = await p.startWorker(target);
    stacks.push({ build, p, target, web, worker, pids: { server: web.pid, worker: worker.pid } });
  }
  try {
    const both = (secs: number, seed: number) => Promise.all(stacks.map((s, i) => load(s.web.baseUrl, '/api/v1/tickets', { durationSeconds: secs, connections: 50, modes: [] }, headersFor, s.pids, seed + i)));
    await both(3, 100);
    const before = stacks.map((s) => ({ web: syscalls(s.web.pid), worker: syscalls(s.worker.pid) }));
    const started = new Date().toISOString();
    const loadAverage = os.loadavg()[0];
    const cpuBefore = stacks.map((s) => s.p.cpuSeconds(s.worker.pid));
    const runs: Run[] = await both(seconds, 200);
    // A worker behind its web process is still routing what was created: its share counts until it is done.
    await Promise.all(stacks.map((s) => routed(s.target)));
    const rows = stacks.map((s, i) => {
      const r = runs[i];
      const requests = r.ok + r.non2xx;
      const per = (n: number) => Math.round((n / requests) * 100) / 100;
      const cpuMs = (share: number) => Math.round(((share / 100) * seconds * 1000 * 1000) / requests) / 1000;
      const [web, worker] = [syscalls(s.web.pid), syscalls(s.worker.pid)];
      return {
        build: s.build,
        requestsPerSecond: Math.round(r.requestsPerSecond),
        p50Ms: r.p50Ms,
        p99Ms: r.p99Ms,
        failed: r.non2xx + r.errors + r.timeouts,
        cpuMsPerRequest: { web: cpuMs(r.cpu.server), worker: Math.round(((s.p.cpuSeconds(s.worker.pid) - cpuBefore[i]) * 1e6) / requests) / 1000 },
        writesPerRequest: { web: per(web.writes - before[i].web.writes), worker: per(worker.writes - before[i].worker.writes) },
        readsPerRequest: { web: per(web.reads - before[i].web.reads), worker: per(worker.reads - before[i].worker.reads) },
      };
    });
    process.stdout.write(`${JSON.stringify({ started, seconds, loadAverage, loadAverageAfter: os.loadavg()[0], rows })}\n`);
  } finally {
    for (const s of stacks) {
      await Promise.all([s.web.stop(), s.worker.stop()]);
      await s.p.clearQueues(s.target);
    }
    await db.destroy();
  }
}

runMain(main);
