/**
 * Live fan-out: N Socket.io clients on /live (most as supervisors, who get everything; some as the
 * handlers of the department concerned), then tickets accepted at a steady rate through the API;
 * for each change, the time until its `ticket:changed` reached each client, and the web process's CPU.
 */
import { io as connect, type Socket } from 'socket.io-client';
import type { TicketChangedPush } from '../../src/realtime';
import { createHttpClient } from '../lib/http-client';
import { cpuMeter, freePort, startWeb } from '../lib/processes';
import { makeStaff } from '../lib/staff';
import { seededRandom, summarise } from '../lib/stats';
import { formatNumber, ms } from '../lib/table';
import { dispatchedTickets } from './setup';
import type { ScenarioContext, ScenarioResult } from './types';

export interface LiveOptions {
  clients: number;
  changes: number;
  changesPerSecond: number;
}

const DEPARTMENT = '310104-ENV';

export async function runLive(ctx: ScenarioContext, opts: LiveOptions): Promise<ScenarioResult> {
  const web = await startWeb(ctx.target, await freePort());
  const http = createHttpClient(web.baseUrl, 16);
  const sockets: Socket[] = [];
  try {
    const scene = await dispatchedTickets(ctx, http, seededRandom(11), opts.changes, [DEPARTMENT]);
    const supervisor = await makeStaff(ctx.db, 'supervisor');
    const watched = new Set(scene.tickets.map((t) => t.id));
    const latencies: number[] = [];
    let received = 0;
    let metricsPushes = 0;

    ctx.log(`live: connecting ${opts.clients} clients`);
    const c0 = performance.now();
    for (let i = 0; i < opts.clients; i += 50) {
      const batch = Array.from({ length: Math.min(50, opts.clients - i) }, (_, j) => {
        // One in five is a handler of the department (its room); the rest supervisors (everything).
        const token = (i + j) % 5 === 0 ? scene.tickets[0].handler.token : supervisor.token;
        const socket = connect(`${web.baseUrl}/live`, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
        sockets.push(socket);
        socket.on('ticket:changed', (e: TicketChangedPush) => {
          if (e.action !== 'accept' || !watched.has(e.ticketId)) return;
          received++;
          latencies.push(Date.now() - Date.parse(e.at));
        });
        socket.on('metrics', () => void metricsPushes++);
        return new Promise<void>((resolve, reject) => {
          socket.once('connect', () => resolve());
          socket.once('connect_error', reject);
        });
      });
      await Promise.all(batch);
    }
    const connectSeconds = (performance.now() - c0) / 1000;
    await new Promise((r) => setTimeout(r, 2000)); // let the first metrics snapshots go out
    metricsPushes = 0;

    ctx.log(`live: ${opts.changes} changes at ${opts.changesPerSecond}/s`);
    const expected = opts.changes * opts.clients;
    const meter = cpuMeter({ web: web.pid });
    const t0 = performance.now();
    const requests: Promise<unknown>[] = [];
    for (const [i, t] of scene.tickets.entries()) {
      const wait = t0 + (i * 1000) / opts.changesPerSecond - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      requests.push(http.request('POST', `/api/v1/tickets/${t.id}/accept`, {}, t.handler.headers));
    }
    await Promise.all(requests);
    const until = Date.now() + 15_000;
    while (received < expected && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    const window = (performance.now() - t0) / 1000;
    const cpu = meter.stop();
    const latency = summarise(latencies);
    return {
      name: 'live',
      title: `Live fan-out: ${formatNumber(opts.clients)} Socket.io clients on /live, ${opts.changes} changes at ${opts.changesPerSecond}/s`,
      table: [
        ['clients', 'events expected', 'received', 'p50', 'p99', 'max', 'metrics pushes received', 'web CPU', 'clients CPU'],
        [opts.clients, expected, received, ms(latency.p50Ms), ms(latency.p99Ms), ms(latency.maxMs), metricsPushes, `${cpu.web}%`, `${cpu.loadGenerator}%`],
      ],
      figures: { options: opts, connectSeconds, expected, received, latency, metricsPushes, cpu, windowSeconds: window },
      notes: [
        `connecting ${opts.clients} clients took ${connectSeconds.toFixed(1)} s (each handshake checks the token; each new client gets a metrics snapshot)`,
        'latency = when the client got the event minus the change\'s time (taken when the action started, so it includes the transaction)',
        'the clients run in one Node process on the same 2 cores as the server, Postgres and Redis; their CPU is the "clients CPU" column',
        'goal: p99 under 1 s to 1,000 clients',
      ],
    };
  } finally {
    for (const s of sockets) s.disconnect();
    http.close();
    await web.stop();
  }
}
