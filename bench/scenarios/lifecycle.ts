/**
 * Lifecycle throughput: accept, reply and survey (the three moves every dispatched ticket makes)
 * through the API, each phase over all the scene's tickets with a fixed number of concurrent
 * clients, handlers acting on their own department's tickets. The worker process runs, as in
 * production (it plans the SLA moments each dispatch and reply asks for).
 */
import { createHttpClient, pool } from '../lib/http-client';
import { cpuMeter, freePort, startWeb, startWorker } from '../lib/processes';
import { seededRandom, summarise } from '../lib/stats';
import { formatNumber, ms } from '../lib/table';
import { dispatchedTickets } from './setup';
import type { ScenarioContext, ScenarioResult } from './types';

export interface LifecycleOptions {
  tickets: number;
  concurrency: number;
}

export async function runLifecycle(ctx: ScenarioContext, opts: LifecycleOptions): Promise<ScenarioResult> {
  const web = await startWeb(ctx.target, await freePort());
  const worker = await startWorker(ctx.target);
  const http = createHttpClient(web.baseUrl, opts.concurrency + 8);
  const phases: { action: string; n: number; perSecond: number; failed: number; latency: ReturnType<typeof summarise>; cpu: Record<string, number> }[] = [];
  try {
    ctx.log(`lifecycle: setting up ${opts.tickets} dispatched tickets`);
    const scene = await dispatchedTickets(ctx, http, seededRandom(7), opts.tickets);
    const moves: [string, (t: (typeof scene.tickets)[number]) => [Record<string, string>, object]][] = [
      ['accept', (t) => [t.handler.headers, {}]],
      ['reply', (t) => [t.handler.headers, { result: '已现场核查并督促整改完毕', outcome: 'resolved' }]],
      ['survey', () => [scene.operator.headers, { reached: true, contacted: true, resolved: 'resolved', satisfaction: 'satisfied' }]],
    ];
    for (const [action, what] of moves) {
      ctx.log(`lifecycle: ${action} × ${scene.tickets.length}`);
      const latencies: number[] = [];
      let failed = 0;
      const meter = cpuMeter({ web: web.pid, worker: worker.pid });
      const t0 = performance.now();
      await pool(scene.tickets, opts.concurrency, async (t) => {
        const [headers, body] = what(t);
        const res = await http.request('POST', `/api/v1/tickets/${t.id}/${action}`, body, headers);
        if (res.status === 200) latencies.push(res.ms);
        else failed++;
      });
      const seconds = (performance.now() - t0) / 1000;
      phases.push({ action, n: latencies.length, perSecond: Math.round((latencies.length / seconds) * 10) / 10, failed, latency: summarise(latencies), cpu: meter.stop() });
    }
  } finally {
    http.close();
    await worker.stop();
    await web.stop();
  }
  return {
    name: 'lifecycle',
    title: `Lifecycle throughput: ${formatNumber(opts.tickets)} tickets, ${opts.concurrency} concurrent clients, through the API`,
    table: [
      ['action', 'done', 'per second', 'p50', 'p99', 'failed', 'CPU web / worker / load'],
      ...phases.map((p) => [p.action, p.n, p.perSecond, ms(p.latency.p50Ms), ms(p.latency.p99Ms), p.failed, `${p.cpu.web}% / ${p.cpu.worker}% / ${p.cpu.loadGenerator}%`]),
    ],
    figures: { options: opts, phases },
    notes: ['each action is one versioned UPDATE with its timeline event, metric aggregates, survey row (reply, survey) and outbox message in one transaction'],
  };
}
