import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';

/** Where the stack under test lives: the benchmark's own database, Redis database and key prefix. */
export interface BenchTarget {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
}

const runJs = path.join(__dirname, '..', '..', 'src', 'main', 'run.js');

export interface AppProcess {
  pid: number;
  baseUrl: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

function environment(target: BenchTarget, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    PHONE_INDEX_SECRET: 'benchmark-phone-index-key',
    // The lifecycle scenario calls back as fast as it can, at any hour.
    SURVEY_CALL_HOURS: '0-24',
    SURVEY_ATTEMPT_SPACING_HOURS: '0',
    DATABASE_URL: target.databaseUrl,
    REDIS_URL: target.redisUrl,
    QUEUE_PREFIX: target.queuePrefix,
    LOG_LEVEL: 'error',
    // The load comes from one address: the per-address limits of public routes would refuse it.
    PUBLIC_RATE_LIMIT: '100000000',
    LOGIN_RATE_LIMIT: '100000000',
    ...extra,
  };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not come up within ${timeoutMs} ms`);
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
}

function spawnNode(script: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (say) profiles the processes under test.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (d: Buffer) => process.stderr.write(`[${path.basename(script)} ${args.join(' ')}] ${d}`));
  return child;
}

/** `node dist/src/main/run.js web` (the Procfile's web process) on a free port, ready when /readyz says so. */
export async function startWeb(target: BenchTarget, port: number, extraEnv: Record<string, string> = {}): Promise<AppProcess> {
  const child = spawnNode(runJs, ['web'], environment(target, { PORT: String(port), ...extraEnv }));
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${baseUrl}/readyz`)).ok, 30_000, 'the web process');
  return { pid: child.pid as number, baseUrl, child, stop: stopper(child) };
}

/**
 * `node dist/src/main/run.js all` (`npm start`): migrates, serves, and runs the workers in a child
 * process it supervises; `workerPid` is that child's, for the CPU meter (none when the workers run
 * inside the process itself, as before issue 19: the bench can then measure the older code too).
 */
export async function startAll(target: BenchTarget, port: number): Promise<AppProcess & { workerPid: number | null }> {
  const child = spawnNode(runJs, ['all'], environment(target, { PORT: String(port) }));
  const baseUrl = `http://127.0.0.1:${port}`;
  const pid = child.pid as number;
  // The worker is started before the web server listens: once it answers, the child is there.
  // A process that never became ready is not left behind to take the next run's jobs.
  await waitFor(async () => (await fetch(`${baseUrl}/readyz`)).ok, 60_000, 'the all-in-one process').catch(async (err: Error) => {
    await stopper(child)();
    throw err;
  });
  return { pid, workerPid: childPids(pid)[0] ?? null, baseUrl, child, stop: stopper(child) };
}

/** The child processes of a process, from /proc. */
function childPids(pid: number): number[] {
  return fs
    .readdirSync(`/proc/${pid}/task`)
    .flatMap((task) => fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' '))
    .filter(Boolean)
    .map(Number);
}

/** `node dist/src/main/run.js worker` (the Procfile's worker process). */
export async function startWorker(target: BenchTarget): Promise<AppProcess> {
  const child = spawnNode(runJs, ['worker'], environment(target, {}));
  // The worker has no port: give it a moment to connect its queues.
  await new Promise((r) => setTimeout(r, 1500));
  if (child.exitCode !== null) throw new Error('the worker process exited at start');
  return { pid: child.pid as number, baseUrl: '', child, stop: stopper(child) };
}

/** The bare reference server (bench/reference-server.ts) on a port. */
export async function startReference(target: BenchTarget, port: number): Promise<AppProcess> {
  const child = spawnNode(path.join(__dirname, '..', 'reference-server.js'), [], environment(target, { PORT: String(port) }));
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${baseUrl}/ref/health`)).ok, 30_000, 'the reference server');
  return { pid: child.pid as number, baseUrl, child, stop: stopper(child) };
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** CPU seconds (user + system) a process has used so far, from /proc. */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** CPU used by several processes between start() and stop(), as a share of one core. */
export function cpuMeter(pids: Record<string, number>) {
  const start = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSeconds(pid)]));
  const self0 = process.cpuUsage();
  const t0 = performance.now();
  return {
    stop(): Record<string, number> {
      const wall = (performance.now() - t0) / 1000;
      const out: Record<string, number> = {};
      for (const [k, pid] of Object.entries(pids)) out[k] = Math.round(((cpuSeconds(pid) - start[k]) / wall) * 1000) / 10;
      const self = process.cpuUsage(self0);
      out.loadGenerator = Math.round(((self.user + self.system) / 1e6 / wall) * 1000) / 10;
      return out;
    },
  };
}

/** A free TCP port. */
export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Removes the queue keys under the benchmark's own prefix (never anything else). */
export async function clearQueues(target: BenchTarget): Promise<void> {
  const redis = new Redis(target.redisUrl, { maxRetriesPerRequest: 2 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${target.queuePrefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
