import type { Transact } from '../../db/transaction';
import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import type { DeliveryRow, PartnersRepository } from './partners.repository';
import { signedHeaders } from './signing';
import type { TimelinePort } from './partners.service';

/** How hard to try. Per worker instance, so tests can use tiny delays. */
export interface DeliveryPolicy {
  /** Attempts in one round; after the last failed one the message is dead (kept for an admin). */
  maxAttempts: number;
  /** Wait after the first failure; doubled after each further one. */
  backoffMs: number;
  /** How long a partner has to answer one POST. */
  timeoutMs: number;
}

export const defaultDeliveryPolicy: DeliveryPolicy = { maxAttempts: 8, backoffMs: 1000, timeoutMs: 10_000 };

export type AttemptOutcome =
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'delivered' }
  | { outcome: 'dead'; error: string }
  | { outcome: 'retry'; delayMs: number; error: string };

// A job may be woken a little early by timer jitter; beyond that, another job owns the schedule.
const DUE_TOLERANCE_MS = 1000;
// An attempt's lease outlives its POST, so a sweep never takes a message that is being sent.
const LEASE_MARGIN_MS = 5000;
const MAX_BACKOFF_MS = 3600_000;
const MAX_ACK_CHARS = 16_000;

export function backoffDelay(policy: DeliveryPolicy, failedAttempts: number): number {
  return Math.min(policy.backoffMs * 2 ** Math.max(0, failedAttempts - 1), MAX_BACKOFF_MS);
}

type PostResult = { ok: true; statusCode: number; ack: unknown } | { ok: false; statusCode: number | null; error: string };

function parseAck(text: string): unknown {
  if (!text || text.length > MAX_ACK_CHARS) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** One POST. 2xx is an acknowledgement; anything else (3xx included: never follow a redirect with the body) is a failure. */
async function post(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<PostResult> {
  try {
    const res = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    if (res.status >= 200 && res.status < 300) return { ok: true, statusCode: res.status, ack: parseAck(text) };
    return { ok: false, statusCode: res.status, error: `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}` };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError') return { ok: false, statusCode: null, error: `no answer within ${timeoutMs} ms` };
    return { ok: false, statusCode: null, error: e.cause?.code ?? e.cause?.message ?? e.message };
  }
}

/**
 * Makes one attempt at a delivery and says what should happen next. Safe to call any number of
 * times: a delivered or dead message is left alone, and of two calls racing for the same attempt
 * only one posts (the attempt counter is claimed in the database first).
 */
export function createDeliveryAttempts(deps: { repo: PartnersRepository; transact: Transact; timeline: TimelinePort; clock: Clock; logger: Logger }) {
  const { repo, clock } = deps;

  /** Gives up on a message: dead, kept for an admin, and said so on the ticket (once). */
  async function giveUp(d: DeliveryRow, error: string, statusCode: number | null): Promise<AttemptOutcome> {
    const now = clock.now();
    await deps.transact(async (tx) => {
      const changed = await repo.markDead(tx, d.id, { error, statusCode }, now);
      if (changed && d.ticket_id !== null) {
        const tried = d.attempts ? `not delivered after ${d.attempts} attempt(s)` : 'not sent';
        const note = `${d.partner}: ${d.kind} message ${tried}: ${error}`.slice(0, 500);
        await deps.timeline.appendEvent(d.ticket_id, 'delivery-failed', note, { deliveryId: d.id, partner: d.partner, kind: d.kind, attempts: d.attempts, error }, tx);
      }
    });
    deps.logger.warn({ deliveryId: d.id, partner: d.partner, kind: d.kind, error }, 'partner delivery is dead');
    return { outcome: 'dead', error };
  }

  async function acknowledged(d: DeliveryRow, statusCode: number, ack: unknown): Promise<AttemptOutcome> {
    const now = clock.now();
    await deps.transact(async (tx) => {
      const changed = await repo.markDelivered(tx, d.id, { statusCode, ack }, now);
      if (changed && d.ticket_id !== null) {
        const data = { deliveryId: d.id, partner: d.partner, kind: d.kind, attempts: d.attempts, statusCode, ack };
        await deps.timeline.appendEvent(d.ticket_id, 'delivery-acknowledged', `${d.partner} acknowledged the ${d.kind} message`, data, tx);
      }
    });
    return { outcome: 'delivered' };
  }

  return {
    async attempt(deliveryId: number, policy: DeliveryPolicy = defaultDeliveryPolicy): Promise<AttemptOutcome> {
      const now = clock.now();
      const seen = await repo.findDelivery(deliveryId);
      if (!seen) return { outcome: 'skipped', reason: 'no such delivery' };
      if (seen.status !== 'pending') return { outcome: 'skipped', reason: `already ${seen.status}` };
      if (seen.next_attempt_at.getTime() > now.getTime() + DUE_TOLERANCE_MS) return { outcome: 'skipped', reason: 'not due: another job holds it' };

      const endpoint = await repo.endpoint(seen.partner);
      if (!endpoint) return giveUp(seen, `no endpoint configured for partner ${seen.partner}`, null);
      if (!endpoint.active) return giveUp(seen, `partner ${seen.partner} is inactive`, null);

      const claimed = await repo.claimAttempt(seen.id, seen.attempts, new Date(now.getTime() + policy.timeoutMs + LEASE_MARGIN_MS), now);
      if (!claimed) return { outcome: 'skipped', reason: 'another attempt is running' };

      const body = JSON.stringify(claimed.payload);
      const result = await post(endpoint.url, signedHeaders(endpoint.secret, claimed.id, body, clock.now()), body, policy.timeoutMs);
      if (result.ok) return acknowledged(claimed, result.statusCode, result.ack);
      if (claimed.attempts >= policy.maxAttempts) return giveUp(claimed, result.error, result.statusCode);

      const delayMs = backoffDelay(policy, claimed.attempts);
      const at = clock.now();
      await repo.recordFailure(claimed.id, { error: result.error, statusCode: result.statusCode, nextAttemptAt: new Date(at.getTime() + delayMs) }, at);
      return { outcome: 'retry', delayMs, error: result.error };
    },
  };
}

export type DeliveryAttempts = ReturnType<typeof createDeliveryAttempts>;
