/**
 * Intake: HTTP load on `POST /api/v1/tickets` (the real web process: authentication, validation,
 * ticket + timeline + outbox + metrics in one transaction, the routing job to Redis) against the
 * bare reference route (one INSERT), same payloads, same connections, measured in the same run.
 */
import autocannon from 'autocannon';
import { intakeBody } from '../lib/calls';
import { cpuMeter, freePort, startReference, startWeb } from '../lib/processes';
import { makePartnerKey, makeStaff } from '../lib/staff';
import { seededRandom } from '../lib/stats';
import { formatNumber, ms, pct } from '../lib/table';
import type { ScenarioContext, ScenarioResult } from './types';

export interface IntakeOptions {
  durationSeconds: number;
  connections: number;
}

interface Run {
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

async function load(url: string, path: string, opts: IntakeOptions, headersFor: (kind: string) => Record<string, string>, pid: number, seed: number): Promise<Run> {
  const rnd = seededRandom(seed);
  let serial = 0;
  const meter = cpuMeter({ server: pid });
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

export async function runIntake(ctx: ScenarioContext, opts: IntakeOptions): Promise<ScenarioResult> {
  const operator = await makeStaff(ctx.db, 'operator');
  const app = await makePartnerKey(ctx.db, 'app');
  const web = await startWeb(ctx.target, await freePort());
  const ref = await startReference(ctx.target, await freePort());
  try {
    const headersFor = (kind: string) => (kind === 'app' ? app.headers : operator.headers);
    // A short warm-up of each, then the measured runs: reference first, then the real route.
    const warm = { ...opts, durationSeconds: Math.min(3, opts.durationSeconds) };
    await load(ref.baseUrl, '/ref/tickets', warm, headersFor, ref.pid, 1);
    await load(web.baseUrl, '/api/v1/tickets', warm, headersFor, web.pid, 2);
    ctx.log(`intake: reference ${opts.durationSeconds} s at ${opts.connections} connections`);
    const reference = await load(ref.baseUrl, '/ref/tickets', opts, headersFor, ref.pid, 3);
    ctx.log(`intake: POST /api/v1/tickets ${opts.durationSeconds} s at ${opts.connections} connections`);
    const real = await load(web.baseUrl, '/api/v1/tickets', opts, headersFor, web.pid, 4);
    const ratio = reference.requestsPerSecond ? real.requestsPerSecond / reference.requestsPerSecond : null;
    const row = (label: string, r: Run) => [label, formatNumber(Math.round(r.requestsPerSecond)), ms(r.p50Ms), ms(r.p90Ms), ms(r.p99Ms), r.ok, r.non2xx + r.errors + r.timeouts, `${r.cpu.server}%`, `${r.cpu.loadGenerator}%`];
    return {
      name: 'intake',
      title: `Intake: POST /api/v1/tickets vs a bare Express + INSERT route, ${opts.connections} connections, ${opts.durationSeconds} s each`,
      table: [
        ['endpoint', 'req/s', 'p50', 'p90', 'p99', '2xx', 'errors', 'server CPU (1 core = 100%)', 'load generator CPU'],
        row('reference (1 INSERT)', reference),
        row('POST /api/v1/tickets', real),
      ],
      figures: { options: opts, reference, real, ratio },
      notes: [
        `ratio to the reference: ${pct(ratio)} (goal: at least 60%, with p99 under 100 ms at 50 connections)`,
        'payloads: 45% answered on the spot, 50% phone tickets with a category, 5% from the app key; tickets carry an Idempotency-Key',
        'the web process runs alone (no worker process): routing jobs queue up in Redis, as they would behind a busy worker',
      ],
    };
  } finally {
    await ref.stop();
    await web.stop();
  }
}
