/**
 * Routing latency: tickets created over HTTP at a steady rate (an open load: a request leaves every
 * 1/rate s whether or not the earlier ones have answered), worker processes routing them; the time
 * from each 201 to the ticket's `route` event (its dispatch), per rate.
 */
import { intakeBody } from '../lib/calls';
import { createHttpClient } from '../lib/http-client';
import { cpuMeter, freePort, startWeb, startWorker } from '../lib/processes';
import { makeStaff } from '../lib/staff';
import { seededRandom, summarise } from '../lib/stats';
import { ms } from '../lib/table';
import type { ScenarioContext, ScenarioResult } from './types';

export interface RoutingOptions {
  rates: number[];
  durationSeconds: number;
  /** Worker processes (the Procfile's `worker`, scaled out). */
  workers: number;
}

interface Step {
  targetRate: number;
  achievedRate: number;
  created: number;
  failed: number;
  routed: number;
  intakeP99Ms: number | null;
  fromResponse: ReturnType<typeof summarise>;
  fromCreatedAt: ReturnType<typeof summarise>;
  routedBeforeResponse: number;
  backlogAtEnd: number;
  saturated: boolean;
  cpu: Record<string, number>;
  cpuMsPerTicket: Record<string, number | null>;
}

/** CPU milliseconds per ticket, from a share of one core over a wall time. */
const perTicket = (percent: number, wallSeconds: number, tickets: number) => (tickets ? Math.round(((percent / 100) * wallSeconds * 1000 * 100) / tickets) / 100 : null);

export async function runRouting(ctx: ScenarioContext, opts: RoutingOptions): Promise<ScenarioResult> {
  const operator = await makeStaff(ctx.db, 'operator');
  const web = await startWeb(ctx.target, await freePort());
  const workers = await Promise.all(Array.from({ length: opts.workers }, () => startWorker(ctx.target)));
  const http = createHttpClient(web.baseUrl, 128);
  const rnd = seededRandom(500);
  const steps: Step[] = [];
  try {
    for (const rate of opts.rates) {
      ctx.log(`routing: ${rate} tickets/s for ${opts.durationSeconds} s`);
      const responded = new Map<number, number>(); // ticket id → epoch ms of the 201
      const intakeMs: number[] = [];
      let failed = 0;
      const inflight: Promise<void>[] = [];
      const total = Math.round(rate * opts.durationSeconds);
      const meter = cpuMeter({ web: web.pid, ...Object.fromEntries(workers.map((w, i) => [`worker${i}`, w.pid])) });
      const t0 = performance.now();
      for (let i = 0; i < total; i++) {
        const due = t0 + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        inflight.push(
          http.request<{ id: number }>('POST', '/api/v1/tickets', intakeBody(rnd, 'phone'), operator.headers).then(
            (res) => {
              if (res.status === 201) {
                responded.set(res.body.id, Date.now());
                intakeMs.push(res.ms);
              } else failed++;
            },
            () => void failed++,
          ),
        );
      }
      await Promise.all(inflight);
      const elapsed = (performance.now() - t0) / 1000;
      const ids = [...responded.keys()];
      const backlogAtEnd = ids.length ? Number((await ctx.db('tickets').whereIn('id', ids).where({ status: 'pending_dispatch' }).count({ n: '*' }))[0].n) : 0;
      // Let the worker finish what is queued, then read when each ticket was routed.
      const until = Date.now() + 60_000;
      while (Date.now() < until) {
        const [{ n }] = await ctx.db('tickets').whereIn('id', ids).where({ status: 'pending_dispatch' }).count({ n: '*' });
        if (Number(n) === 0) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const cpu = meter.stop();
      const wallSeconds = (performance.now() - t0) / 1000;
      const events: { ticket_id: number; routed: Date; created: Date }[] = ids.length
        ? await ctx.db('ticket_events as e').join('tickets as t', 't.id', 'e.ticket_id').whereIn('e.ticket_id', ids).where('e.action', 'route').select('e.ticket_id', 'e.created_at as routed', 't.created_at as created')
        : [];
      const fromResponse = events.map((e) => e.routed.getTime() - (responded.get(e.ticket_id) as number));
      const fromCreatedAt = events.map((e) => e.routed.getTime() - e.created.getTime());
      const achievedRate = responded.size / elapsed;
      steps.push({
        targetRate: rate,
        achievedRate: Math.round(achievedRate * 10) / 10,
        created: responded.size,
        failed,
        routed: events.length,
        intakeP99Ms: summarise(intakeMs).p99Ms,
        fromResponse: summarise(fromResponse.map((v) => Math.max(0, v))),
        fromCreatedAt: summarise(fromCreatedAt),
        routedBeforeResponse: fromResponse.filter((v) => v < 0).length,
        backlogAtEnd,
        saturated: achievedRate < rate * 0.95 || backlogAtEnd > rate,
        cpu,
        // CPU time per ticket is what the machine's load changes least: the processes' share of the cores moves with it, their work per ticket does not.
        // The web process's per created ticket, each worker's per routed ticket.
        cpuMsPerTicket: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, perTicket(v, wallSeconds, k === 'web' ? responded.size : events.length)])),
      });
      await new Promise((r) => setTimeout(r, 1000));
    }
  } finally {
    http.close();
    await Promise.all(workers.map((w) => w.stop()));
    await web.stop();
  }
  return {
    name: 'routing',
    title: `Routing latency: from the 201 to dispatched, steady open load, ${opts.durationSeconds} s per rate (a web and ${opts.workers} worker process${opts.workers === 1 ? '' : 'es'})`,
    table: [
      ['target/s', 'achieved/s', 'routed', 'p50', 'p99', 'max', 'intake p99', 'backlog at end', 'saturated', 'CPU web / worker / load', 'CPU ms per ticket created (web) / routed (worker)'],
      ...steps.map((s) => [
        s.targetRate,
        s.achievedRate,
        `${s.routed}/${s.created}`,
        ms(s.fromResponse.p50Ms),
        ms(s.fromResponse.p99Ms),
        ms(s.fromResponse.maxMs),
        ms(s.intakeP99Ms),
        s.backlogAtEnd,
        s.saturated ? 'yes' : 'no',
        `${s.cpu.web}% / ${workers.map((_, i) => `${s.cpu[`worker${i}`]}%`).join(' + ')} / ${s.cpu.loadGenerator}%`,
        `${s.cpuMsPerTicket.web} / ${workers.map((_, i) => s.cpuMsPerTicket[`worker${i}`]).join(' + ')}`,
      ]),
    ],
    figures: { options: opts, steps },
    notes: [
      'latency = time of the route event (written by the worker) minus the moment the client had the 201; a ticket routed before its 201 reached the client counts as 0',
      `routed before the client had its 201: ${steps.map((s) => `${s.targetRate}/s: ${s.routedBeforeResponse}`).join(', ')}`,
      'saturated: fewer than 95% of the target rate answered, or more than one second of tickets still waiting for routing when the load stopped',
      'goal: p99 under 1 s at 500 tickets/s',
    ],
  };
}
