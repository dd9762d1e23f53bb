/**
 * Intake: HTTP load on `POST /api/v1/tickets` (the real web process: authentication, validation,
 * ticket + timeline + outbox + metrics in one transaction, the routing job to Redis) against the
 * bare reference route (one INSERT), same payloads, same connections, measured in the same run.
 */
import autocannon from 'autocannon';
import { intakeBody } from '../lib/calls';
import os from 'node:os';
import { cpuMeter, freePort, startAll, startReference, startWeb, startWorker } from '../lib/processes';
import { makePartnerKey, makeStaff } from '../lib/staff';
import { seededRandom } from '../lib/stats';
import { formatNumber, ms, pct } from '../lib/table';
import type { ScenarioContext, ScenarioResult } from './types';

export interface IntakeOptions {
  durationSeconds: number;
  connections: number;
  modes: IntakeMode[];
}

export interface Run {
  requestsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  cpu: Record<string, number>;
}

export async function load(url: string, path: string, opts: IntakeOptions, headersFor: (kind: string) => Record<string, string>, pids: Record<string, number>, seed: number): Promise<Run> {
  const rnd = seededRandom(seed);
  let serial = 0;
  const meter = cpuMeter(pids);
  const result = await autocannon({
    url,
    connections: opts.connections,
    duration: opts.durationSeconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path,
        setupRequest: (req) => {
          // The 2016 mix: 45% answered during the call, the rest tickets (a few from the app).
          const kind = rnd.weighted([[45, 'on-the-spot'], [50, 'phone'], [5, 'app']] as const);
          const headers: Record<string, string> = { 'content-type': 'application/json', ...headersFor(kind) };
          if (kind !== 'on-the-spot') headers['idempotency-key'] = `bench-${seed}-${++serial}`;
          return { ...req, headers, body: JSON.stringify(intakeBody(rnd, kind)) };
        },
      },
    ],
  });
  const cpu = meter.stop();
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    cpu,
  };
}

/** How the application runs: `split` = the Procfile's web and worker processes; `all` = `npm start`. */
export type IntakeMode = 'split' | 'all';

async function startStack(ctx: ScenarioContext, mode: IntakeMode): Promise<{ baseUrl: string; pids: Record<string, number>; stop: () => Promise<void> }> {
  if (mode === 'all') {
    const all = await startAll(ctx.target, await freePort());
    return { baseUrl: all.baseUrl, pids: { server: all.pid, ...(all.workerPid !== null && { worker: all.workerPid }) }, stop: all.stop };
  }
  const web = await startWeb(ctx.target, await freePort());
  const worker = await startWorker(ctx.target);
  return { baseUrl: web.baseUrl, pids: { server: web.pid, worker: worker.pid }, stop: async () => void (await Promise.all([web.stop(), worker.stop()])) };
}

export async function runIntake(ctx: ScenarioContext, opts: IntakeOptions): Promise<ScenarioResult> {
  const operator = await makeStaff(ctx.db, 'operator');
  const app = await makePartnerKey(ctx.db, 'app');
  const ref = await startReference(ctx.target, await freePort());
  const headersFor = (kind: string) => (kind === 'app' ? app.headers : operator.headers);
  const warm = { ...opts, durationSeconds: Math.min(3, opts.durationSeconds) };
  const measured: { mode: IntakeMode; reference: Run; real: Run; ratio: number | null; loadAverage: number }[] = [];
  let seed = 0;
  try {
    for (const mode of opts.modes) {
      const stack = await startStack(ctx, mode);
      try {
        // A short warm-up of each, then the measured runs: the reference, then the real route right after.
        await load(ref.baseUrl, '/ref/tickets', warm, headersFor, { server: ref.pid }, ++seed);
        await load(stack.baseUrl, '/api/v1/tickets', warm, headersFor, stack.pids, ++seed);
        const loadAverage = os.loadavg()[0];
        ctx.log(`intake (${mode}): reference ${opts.durationSeconds} s at ${opts.connections} connections, load average ${loadAverage.toFixed(2)}`);
        const reference = await load(ref.baseUrl, '/ref/tickets', opts, headersFor, { server: ref.pid }, ++seed);
        ctx.log(`intake (${mode}): POST /api/v1/tickets ${opts.durationSeconds} s at ${opts.connections} connections`);
        const real = await load(stack.baseUrl, '/api/v1/tickets', opts, headersFor, stack.pids, ++seed);
        const ratio = reference.requestsPerSecond ? real.requestsPerSecond / reference.requestsPerSecond : null;
        measured.push({ mode, reference, real, ratio, loadAverage });
      } finally {
        await stack.stop();
      }
    }
  } finally {
    await ref.stop();
  }
  const label = { split: 'web + worker processes', all: 'npm start (run.js all)' };
  // CPU time per request moves least with the machine's load (a process's share of the cores does).
  const perRequest = (r: Run, key: string) => (r.cpu[key] === undefined || !r.requestsPerSecond ? '' : `${((r.cpu[key] / 100 / r.requestsPerSecond) * 1000).toFixed(2)} ms`);
  const row = (what: string, r: Run, ratio: string | null) => [what, formatNumber(Math.round(r.requestsPerSecond)), ratio, ms(r.p50Ms), ms(r.p90Ms), ms(r.p99Ms), r.ok, r.non2xx + r.errors + r.timeouts, `${r.cpu.server}%`, r.cpu.worker === undefined ? '' : `${r.cpu.worker}%`, `${r.cpu.loadGenerator}%`, `${perRequest(r, 'server')}${r.cpu.worker === undefined ? '' : ` + ${perRequest(r, 'worker')}`}`];
  return {
    name: 'intake',
    title: `Intake: POST /api/v1/tickets vs a bare Express + INSERT route, ${opts.connections} connections, ${opts.durationSeconds} s each`,
    table: [
      ['endpoint', 'req/s', 'ratio', 'p50', 'p90', 'p99', '2xx', 'errors', 'server CPU (1 core = 100%)', 'worker CPU', 'load generator CPU', 'CPU per request (server + worker)'],
      ...measured.flatMap((m) => [row(`reference (1 INSERT), before ${m.mode}`, m.reference, ''), row(`POST /api/v1/tickets, ${label[m.mode]}`, m.real, pct(m.ratio))]),
    ],
    figures: { options: opts, measured },
    notes: [
      ...measured.map((m) => `${label[m.mode]}: ratio to the reference measured just before it ${pct(m.ratio)} (load average ${m.loadAverage.toFixed(2)} at its start)`),
      'goals (issue 19): npm start at least 40% of the reference, split processes at least 60%',
      'payloads: 45% answered on the spot, 50% phone tickets with a category, 5% from the app key; tickets carry an Idempotency-Key',
      'the worker routes the tickets while they are created (its CPU is the worker column; in `all` mode it is the supervised child process)',
    ],
  };
}
