import type { Transact } from '../../db/transaction';
import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import type { DeliveryRow, PartnersRepository } from './partners.repository';
import { signedHeaders } from './signing';
import type { TimelinePort } from './partners.service';

/** How hard to try. Per worker instance, so tests can use tiny delays. */
export interface DeliveryPolicy {
  /**
   * Attempts in one round; after the last failed one the message is dead (kept for an admin).
   * Not for emergencies to 110: those are tried until acknowledged (SPEC section 7).
   */
  maxAttempts: number;
  /** Wait after the first failure; doubled after each further one. */
  backoffMs: number;
  /** How long a partner has to answer one POST. */
  timeoutMs: number;
  /** The longest wait between two attempts at an emergency (which is retried forever). */
  emergencyMaxBackoffMs: number;
  /** How long an emergency may go unacknowledged before people are told to phone 110. */
  alertAfterMs: number;
}

export const defaultDeliveryPolicy: DeliveryPolicy = { maxAttempts: 8, backoffMs: 1000, timeoutMs: 10_000, emergencyMaxBackoffMs: 30_000, alertAfterMs: 60_000 };

/** Told to the people who must phone 110 themselves, live and on the ticket. */
export const PHONE_110_NOW = '紧急警情尚未送达110，请立即电话联系110（phone 110 now）';

/** Whether a message is tried until acknowledged rather than given up on: an emergency for the police. */
const triedForever = (d: Pick<DeliveryRow, 'kind'>) => d.kind === 'emergency';

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

export function backoffDelay(policy: DeliveryPolicy, failedAttempts: number, forever = false): number {
  const cap = forever ? Math.min(policy.emergencyMaxBackoffMs, MAX_BACKOFF_MS) : MAX_BACKOFF_MS;
  return Math.min(policy.backoffMs * 2 ** Math.min(30, Math.max(0, failedAttempts - 1)), cap);
}

/** An emergency 110 has not acknowledged after a minute: who must be told, and what. */
export interface UndeliveredAlert {
  deliveryId: number;
  ticketId: number;
  ticketNo: string;
  createdByUserId: number | null;
  message: string;
  error: string;
  since: Date;
  at: Date;
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
export function createDeliveryAttempts(deps: {
  repo: PartnersRepository;
  transact: Transact;
  timeline: TimelinePort;
  clock: Clock;
  logger: Logger;
  /** Tells supervisors and the creating operator, live, that an emergency has not reached 110. */
  alert: (alert: UndeliveredAlert) => void;
}) {
  const { repo, clock } = deps;

  /**
   * Once an emergency has gone unacknowledged for `alertAfterMs`, says so once: on the ticket's
   * timeline and live to every supervisor and the operator who created the ticket.
   */
  async function alertIfLate(d: DeliveryRow, error: string, policy: DeliveryPolicy): Promise<void> {
    const now = clock.now();
    if (!triedForever(d) || d.alerted_at || d.ticket_id === null || now.getTime() - d.created_at.getTime() < policy.alertAfterMs) return;
    const ticketId = d.ticket_id;
    const alerted = await deps.transact(async (tx) => {
      const ticket = await repo.markAlerted(tx, d.id, now);
      if (!ticket) return null;
      const data = { deliveryId: d.id, partner: d.partner, kind: d.kind, attempts: d.attempts, error };
      await deps.timeline.appendEvent(ticketId, 'delivery-alert', `${PHONE_110_NOW}: ${error}`.slice(0, 500), data, tx);
      return ticket;
    });
    if (!alerted) return;
    deps.logger.error({ deliveryId: d.id, ticketId, error }, 'emergency not acknowledged by 110: people told to phone 110');
    deps.alert({ deliveryId: d.id, ticketId, ticketNo: alerted.ticket_no, createdByUserId: alerted.created_by_user_id, message: PHONE_110_NOW, error, since: d.created_at, at: now });
  }

  /** A failed attempt: try again after the backoff, unless the round is over (never for an emergency). */
  async function failed(d: DeliveryRow, error: string, statusCode: number | null, policy: DeliveryPolicy): Promise<AttemptOutcome> {
    if (!triedForever(d) && d.attempts >= policy.maxAttempts) return giveUp(d, error, statusCode);
    const delayMs = backoffDelay(policy, Math.max(1, d.attempts), triedForever(d));
    const at = clock.now();
    await repo.recordFailure(d.id, { error, statusCode, nextAttemptAt: new Date(at.getTime() + delayMs) }, at);
    await alertIfLate(d, error, policy);
    return { outcome: 'retry', delayMs, error };
  }

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
      // An emergency waits for its endpoint (an admin may configure it any moment); other messages go dead.
      const unusable = !endpoint ? `no endpoint configured for partner ${seen.partner}` : !endpoint.active ? `partner ${seen.partner} is inactive` : null;
      if (unusable && !triedForever(seen)) return giveUp(seen, unusable, null);

      const claimed = await repo.claimAttempt(seen.id, seen.attempts, new Date(now.getTime() + policy.timeoutMs + LEASE_MARGIN_MS), now);
      if (!claimed) return { outcome: 'skipped', reason: 'another attempt is running' };
      if (unusable || !endpoint) return failed(claimed, unusable ?? 'no endpoint', null, policy);

      const body = JSON.stringify(claimed.payload);
      const result = await post(endpoint.url, signedHeaders(endpoint.secret, claimed.id, body, clock.now()), body, policy.timeoutMs);
      if (result.ok) return acknowledged(claimed, result.statusCode, result.ack);
      return failed(claimed, result.error, result.statusCode, policy);
    },
  };
}

export type DeliveryAttempts = ReturnType<typeof createDeliveryAttempts>;
