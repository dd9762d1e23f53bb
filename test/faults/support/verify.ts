import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Knex } from 'knex';
import type { WebhookReceiver } from '../../support/webhook-receiver';
import { sleep, verifyJs } from './cluster';
import type { Created } from './load';

const run = promisify(execFile);

export interface Outcome {
  tickets: number;
  /** 201s (and 200 replays) whose ticket is not exactly one row: must be 0. */
  createdNotOnce: number;
  routedOnce: number;
  routedTwice: number;
  unrouted: number;
  emergencies: number;
  emergenciesReached: number;
  /** Successful POSTs to 110 beyond one per emergency (a repeat the partner drops by X-Hotline-Delivery). */
  emergencyRepeats: number;
  deliveriesNotDelivered: number;
  metricsDifferences: number;
  /** From the fault's end until every ticket was routed and every delivery acknowledged. */
  settledMs: number;
}

// What routing did for a ticket: exactly one of these per ticket (the routing worker's, or a person's transfer).
const ROUTING_DECISIONS = `(action in ('route', 'classify') or (action = 'transfer-110' and actor_type = 'system'))`;

/** Waits until every ticket has its routing decision and every delivery is acknowledged (or the time is up). */
export async function settle(db: Knex, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const [{ n: unrouted }] = (
      await db.raw(`select count(*)::int as n from tickets t where not exists (select 1 from ticket_events e where e.ticket_id = t.id and ${ROUTING_DECISIONS})`)
    ).rows;
    const [{ n: pending }] = (await db.raw(`select count(*)::int as n from partner_deliveries where status <> 'delivered'`)).rows;
    if (unrouted === 0 && pending === 0) return Date.now() - started;
    if (Date.now() - started > timeoutMs) return Date.now() - started;
    await sleep(500);
  }
}

export async function verify(db: Knex, ledger: Created[], police: WebhookReceiver, env: Record<string, string>, settledMs: number): Promise<Outcome> {
  let createdNotOnce = 0;
  for (const c of ledger) {
    const rows = c.externalRef ? await db('tickets').where({ external_ref: c.externalRef }).select('ticket_no') : await db('tickets').where({ idempotency_key: c.key }).select('ticket_no');
    if (rows.length !== 1 || rows[0].ticket_no !== c.ticketNo) createdNotOnce++;
  }
  const decisions: { n: number }[] = (
    await db.raw(`select (select count(*)::int from ticket_events e where e.ticket_id = t.id and ${ROUTING_DECISIONS}) as n from tickets t`)
  ).rows;
  const emergencyNos = ledger.filter((c) => c.kind === 'emergency').map((c) => c.ticketNo);
  const posts = new Map<string, Set<string>>();
  let successfulPosts = 0;
  for (const r of police.successes) {
    const body = JSON.parse(r.body) as { kind: string; ticketNo: string };
    if (body.kind !== 'emergency') continue;
    successfulPosts++;
    posts.set(body.ticketNo, (posts.get(body.ticketNo) ?? new Set()).add(String(r.headers['x-hotline-delivery'])));
  }
  const reached = emergencyNos.filter((no) => posts.get(no)?.size === 1).length;
  const [{ n: notDelivered }] = (await db.raw(`select count(*)::int as n from partner_deliveries where status <> 'delivered'`)).rows;
  const metricsDifferences = await metricsVerify(env);
  return {
    tickets: decisions.length,
    createdNotOnce,
    routedOnce: decisions.filter((d) => d.n === 1).length,
    routedTwice: decisions.filter((d) => d.n > 1).length,
    unrouted: decisions.filter((d) => d.n === 0).length,
    emergencies: emergencyNos.length,
    emergenciesReached: reached,
    emergencyRepeats: successfulPosts - [...posts.values()].reduce((n, s) => n + s.size, 0),
    deliveriesNotDelivered: notDelivered,
    metricsDifferences,
    settledMs,
  };
}

/** `npm run metrics:verify` against the suite's database: the number of differences it reports. */
async function metricsVerify(env: Record<string, string>): Promise<number> {
  try {
    const { stdout } = await run(process.execPath, [verifyJs], { env: { ...process.env, ...env } });
    return (stdout.match(/^DIFF /gm) ?? []).length;
  } catch (err) {
    const out = (err as { stdout?: string }).stdout ?? '';
    const diffs = (out.match(/^DIFF /gm) ?? []).length;
    if (diffs === 0) throw err;
    return diffs;
  }
}
