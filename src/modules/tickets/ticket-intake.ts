/**
 * Writes new tickets, many at a time. Intake is the busiest write of a hotline (every call), and
 * each ticket costs the same few statements — its number, the row, the first timeline event, the
 * metric aggregates, the routing message — plus a transaction and its commit. Requests that arrive
 * while a batch is being written go together in the next one (see shared/batcher.ts), so under load
 * those costs are shared; a lone call is written at once, alone. Every ticket is still durable
 * before its request is answered, and one that cannot be written fails on its own: a batch that
 * fails is retried ticket by ticket.
 */
import type { Transact } from '../../db/transaction';
import { createBatcher } from '../../shared/batcher';
import type { Clock } from '../../shared/clock';
import { ConflictError } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import type { OutboxPublisher, OutboxRepository } from '../outbox';
import { shanghaiDate } from '../../shared/shanghai-time';
import { formatTicketNo } from './ticket-number';
import { notifyObserversOfMany, type TicketChangeFact, type TicketChangeObserver } from './ticket-observers';
import type { NewTicketEvent, NewTicketRow, TicketRow, TicketsRepository } from './tickets.repository';

/** A ticket to create: its row without the number and times (the batch gives those) and its first event's actor. */
export interface IntakeRequest {
  ticket: Omit<NewTicketRow, 'ticket_no' | 'created_at' | 'updated_at' | 'closed_at'>;
  actor: Pick<NewTicketEvent, 'actor_type' | 'actor_user_id' | 'actor_api_key_id'>;
}

export interface IntakeResult {
  ticket: TicketRow;
  /** False when an earlier request with the same Idempotency-Key created it. */
  created: boolean;
}

export interface IntakeDeps {
  repo: TicketsRepository;
  outbox: OutboxRepository;
  publisher: OutboxPublisher;
  transact: Transact;
  clock: Clock;
  logger: Logger;
  observers: readonly TicketChangeObserver[];
}

const BATCH = { maxBatch: 200, maxInFlight: 2 };

const keyOf = (t: Pick<NewTicketRow, 'idempotency_scope' | 'idempotency_key'>) =>
  t.idempotency_key === null ? null : `${t.idempotency_scope}\u0000${t.idempotency_key}`;

/** The earlier ticket of an Idempotency-Key, if this request is the same request again. */
function replay(existing: TicketRow, request: IntakeRequest): IntakeResult | Error {
  if (existing.request_hash !== request.ticket.request_hash) {
    if (existing.idempotency_scope?.endsWith(':external-ref')) {
      return new ConflictError('EXTERNAL_REF_REUSED', `externalRef ${existing.external_ref} is already ticket ${existing.ticket_no}, with different content`, [{ ticketNo: existing.ticket_no }]);
    }
    return new ConflictError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request');
  }
  return { ticket: existing, created: false };
}

export function createTicketIntake(deps: IntakeDeps) {
  const { repo, clock } = deps;

  // Batches of this process take their time and numbers one after the other, so that a later
  // number never carries an earlier time (ticket numbers sort by time).
  let numbering: Promise<unknown> = Promise.resolve();
  function numbered(n: number): Promise<{ now: Date; day: string; last: number }> {
    const next = numbering.then(async () => {
      const now = clock.now();
      const day = shanghaiDate(now);
      return { now, day, last: await repo.reserveTicketSerials(day, n) };
    });
    numbering = next.catch(() => undefined);
    return next;
  }

  /**
   * Creates the tickets in one transaction; answers in the requests' order, with a gap where a
   * ticket's Idempotency-Key was taken by another request meanwhile.
   */
  async function writeAll(requests: IntakeRequest[]): Promise<(TicketRow | undefined)[]> {
    const { now, day, last } = await numbered(requests.length);
    const rows: NewTicketRow[] = requests.map((r, i) => ({
      ...r.ticket,
      ticket_no: formatTicketNo(day, last - requests.length + 1 + i),
      created_at: now,
      updated_at: now,
      closed_at: r.ticket.status === 'answered' ? now : null,
    }));
    const written = await deps.transact(async (tx) => {
      const inserted = new Map((await repo.insertTickets(tx, rows)).map((t) => [t.ticket_no, t]));
      const facts: TicketChangeFact[] = [];
      rows.forEach((row, i) => {
        const after = inserted.get(row.ticket_no);
        if (!after) return; // its Idempotency-Key was taken meanwhile: answered as a replay
        const event: NewTicketEvent = {
          ticket_id: after.id,
          action: 'create',
          ...requests[i].actor,
          from_status: null,
          to_status: after.status,
          department_id: null,
          note: after.answer,
          data: { line: after.line, channel: after.channel },
          created_at: now,
        };
        facts.push({ before: null, after, event });
      });
      await repo.insertEvents(tx, facts.map((f) => f.event));
      await notifyObserversOfMany(deps.observers, tx, facts);
      // One routing message for the batch's tickets: one job, routed together by the worker.
      const toRoute = facts.filter((f) => f.after.status === 'pending_dispatch').map((f) => f.after.id);
      const messages = await deps.outbox.addMany(tx, toRoute.length ? [{ topic: 'ticket.route', payload: { ticketIds: toRoute } }] : [], now);
      return { inserted, facts, messages };
    });

    // Committed: from here nothing may fail these requests, or the retry below would write them twice.
    // Best effort now; the relay hands them over later if Redis is down.
    await deps.publisher.publish(written.messages).catch((err) => deps.logger.warn({ err: (err as Error).message }, 'routing hand-off delayed'));
    return rows.map((row) => written.inserted.get(row.ticket_no));
  }

  async function writeBatch(requests: IntakeRequest[]): Promise<(IntakeResult | Error)[]> {
    const results: (IntakeResult | Error | undefined)[] = requests.map(() => undefined);
    const keys = requests.map((r) => keyOf(r.ticket));
    const keyed = (indexes: number[]) => indexes.filter((i) => keys[i] !== null).map((i) => [requests[i].ticket.idempotency_scope, requests[i].ticket.idempotency_key] as [string, string]);
    const byKey = async (indexes: number[]) => new Map((await repo.findByIdempotencyKeys(keyed(indexes))).map((t) => [keyOf(t), t]));
    const earlier = await byKey(requests.map((_, i) => i));

    // Each key is written once: by the first request that carries it, unless it was written before.
    const writers = new Set<string>();
    const fresh: number[] = [];
    requests.forEach((r, i) => {
      const key = keys[i];
      const before = key === null ? undefined : earlier.get(key);
      if (before) results[i] = replay(before, r);
      else if (key === null || !writers.has(key)) {
        if (key !== null) writers.add(key);
        fresh.push(i);
      }
    });

    const written = new Map<string, TicketRow>();
    if (fresh.length) {
      let created: (TicketRow | undefined)[];
      try {
        created = await writeAll(fresh.map((i) => requests[i]));
      } catch (err) {
        if (requests.length === 1) return [err as Error];
        // One bad ticket must not fail the others: write them one by one, each failing on its own.
        const one: (IntakeResult | Error)[] = [];
        for (const r of requests) one.push((await writeBatch([r]))[0]);
        return one;
      }
      fresh.forEach((i, j) => {
        const ticket = created[j];
        if (!ticket) return;
        results[i] = { ticket, created: true };
        if (keys[i] !== null) written.set(keys[i], ticket);
      });
    }

    // The rest carry a key written by another request: earlier in this batch, or (a race) elsewhere.
    const rest = requests.map((_, i) => i).filter((i) => results[i] === undefined);
    const elsewhere = await byKey(rest.filter((i) => !written.has(keys[i] as string)));
    for (const i of rest) {
      const t = written.get(keys[i] as string) ?? elsewhere.get(keys[i]);
      results[i] = t ? replay(t, requests[i]) : new Error('the ticket of this Idempotency-Key was not written');
    }
    return results as (IntakeResult | Error)[];
  }

  const batcher = createBatcher(writeBatch, BATCH);
  return {
    /** Creates the ticket (or finds the one its Idempotency-Key created); resolves once it is committed. */
    create: (request: IntakeRequest): Promise<IntakeResult> => batcher.submit(request),
  };
}

export type TicketIntake = ReturnType<typeof createTicketIntake>;
