import type { Tx } from '../../db/knex';
import type { Transact } from '../../db/transaction';
import { createBatcher } from '../../shared/batcher';
import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import { ConflictError, NotFoundError } from '../../shared/errors';
import type { Principal, SystemPrincipal } from '../../shared/principal';
import type { CategoryCatalog } from '../categories';
import type { DepartmentDirectory } from '../departments';
import type { OutboxPublisher, OutboxRepository, OutboxTopic } from '../outbox';
import { actions, transitions, type ActionBody, type ActionContext, type ActionName, type Change } from './actions';
import type { PhoneKey } from './phone-key';
import type { CallbackRules } from './callback-window';
import type { TicketStatus } from './ticket.schemas';
import { notifyObservers, notifyObserversOfMany, type TicketChangeFact, type TicketChangeObserver } from './ticket-observers';
import { canAct, canRead } from './ticket-policy';
import { isOpen } from './transitions';
import type { NewTicketEvent, TicketRow, TicketsRepository } from './tickets.repository';
import { actorColumns } from './tickets.service';

/** What the action handlers may use: the SLA clocks come in through this port, not an import. */
export interface DueTimes {
  dueTimesFor(t: { type: string; urgency: string; categoryCode: string | null }, from: Date): Promise<{
    acceptDueAt: Date;
    replyDueAt: Date;
    returnDueAt: Date;
    maxExtensionWorkingDays: number;
    policy: string;
  }>;
  extend(replyDueAt: Date, workingDays: number): Promise<Date>;
  /** The on-time verdict of an accept or reply, stored on the ticket when it happens. */
  onTime(at: Date, due: Date | null): boolean;
}

export interface DueTimePort extends DueTimes {
  /** The policies and calendar as they stand, read once for a batch of changes. */
  pinned(): Promise<DueTimes>;
}

export interface ActionDeps {
  repo: TicketsRepository;
  outbox: OutboxRepository;
  publisher: OutboxPublisher;
  transact: Transact;
  directory: DepartmentDirectory;
  catalog: CategoryCatalog;
  clock: Clock;
  sla: DueTimePort;
  observers: readonly TicketChangeObserver[];
  phoneKey: PhoneKey;
  callbackRules: CallbackRules;
  logger: Logger;
}

/** Who carries a parent's reply and closure onto its merged tickets. */
const mergeFollower: SystemPrincipal = { kind: 'system', name: 'merge' };

/** Statuses a parent enters that its merged tickets take over (SPEC section 5: merged follows its parent). */
const followedStatuses: readonly TicketStatus[] = ['replied', 'closed', 'cancelled'];

const concurrentUpdate = () => new ConflictError('CONCURRENT_UPDATE', 'Someone else changed this ticket at the same moment; reload and try again');

function statusAfter(ticket: TicketRow, action: ActionName, change: Change): TicketStatus {
  const to = change.to ?? (transitions[action].to === 'same' ? ticket.status : transitions[action].to);
  if (to === 'outcome') throw new Error(`handler for ${action} must decide the status`);
  return to;
}

/** The row's new state: a withdraw request is about an open ticket, so one that ends (cancelled, closed, merged) takes none with it. */
function rowChange(ticket: TicketRow, change: Change, to: TicketStatus, now: Date): Partial<TicketRow> {
  const request = ticket.withdraw_requested_at !== null && !isOpen(to) ? { withdraw_requested_at: null, withdraw_request_note: null } : {};
  return { ...change.set, ...request, status: to, updated_at: now };
}

/** A change ready to be written: by whom, to the ticket as it was read, and when. */
interface Planned {
  principal: Principal;
  ticket: TicketRow;
  action: ActionName;
  change: Change;
  to: TicketStatus;
  now: Date;
}

/** Whether a change can be written in a batch: it writes only the row (a reply or closure carries onto merged tickets in the batch's transaction). */
const batchable = (change: Change) => !change.keepsRow && !change.write;

/** Whether the row entered a status its merged tickets take over. */
const entersFollowed = (before: TicketRow, after: TicketRow) => before.status !== after.status && followedStatuses.includes(after.status);

/** Like intake's: up to 200 changes a batch, two batches (two connections) at a time per process. */
const ACTION_BATCH = { maxBatch: 200, maxInFlight: 2 };

/** The timeline event of a change. */
function eventOf(principal: Principal, before: TicketRow, after: TicketRow, action: ActionName, change: Change, now: Date, extra: Record<string, unknown>): NewTicketEvent {
  return {
    ticket_id: after.id,
    action: change.recordAs ?? action,
    ...actorColumns(principal),
    from_status: before.status,
    to_status: after.status,
    department_id: after.department_id,
    note: change.note ?? null,
    data: { ...change.data, ...extra },
    created_at: now,
  };
}

/**
 * Runs one lifecycle action: checks the body, then asks the ticket policy (who may act, the
 * transition table, the department rule, the action's preconditions), then applies the
 * handler's change in one transaction guarded by the ticket's version, with its timeline event and
 * outbox messages and the observers' two phases (ticket-observers.ts). A ticket that is replied or closed carries
 * that onto every ticket merged into it, in the same transaction, as their own `follow-parent` events.
 */
export function createActionEngine(deps: ActionDeps) {
  const { repo, directory, clock } = deps;

  async function load(principal: Principal, ref: string | number): Promise<TicketRow> {
    const ticket = typeof ref === 'number' ? await repo.findById(ref) : await repo.findByTicketNo(ref);
    if (!ticket || !canRead(principal, ticket, directory)) throw new NotFoundError('No such ticket', 'TICKET_NOT_FOUND');
    return ticket;
  }

  type Outgoing = { id: number; topic: OutboxTopic; payload: Record<string, unknown> };

  /** Writes one change with its event, observers and outbox messages inside `tx`. */
  async function apply(tx: Tx, principal: Principal, ticket: TicketRow, action: ActionName, change: Change, now: Date, outgoing: Outgoing[]): Promise<TicketRow> {
    const to = statusAfter(ticket, action, change);
    let before = ticket;
    let row: TicketRow | undefined;
    let event: NewTicketEvent;
    if (change.keepsRow) {
      // No version guard, so the status may have moved since it was read: the action must still fit it.
      row = await repo.lockById(tx, ticket.id);
      if (!row) throw new NotFoundError('No such ticket', 'TICKET_NOT_FOUND');
      const verdict = canAct(principal, action, row, { directory, now });
      if (!verdict.allowed) throw verdict.refusal;
      before = row;
      const extra = change.write ? await change.write(tx) : {};
      // What the action wrote beside the row's state (a withdraw request's marker) is in the answer too.
      if (change.write) row = (await repo.lockById(tx, ticket.id)) ?? row;
      event = eventOf(principal, before, row, action, change, now, extra);
      await repo.insertEvent(tx, event);
    } else {
      if (change.write) throw new Error(`${action}: a change that writes beside the ticket must keep its row (keepsRow)`);
      // The row and its event in one statement, a round trip fewer: the event names only what the
      // change sets. A stale version's event does not stay: the throw rolls the transaction back.
      const set = rowChange(ticket, change, to, now);
      event = eventOf(principal, before, { ...ticket, ...set }, action, change, now, {});
      row = await repo.updateIfVersionWithEvent(tx, ticket.id, ticket.version, set, event);
      if (!row) throw concurrentUpdate();
    }
    await notifyObservers(deps.observers, tx, { before, after: row, event });
    for (const m of change.outbox ?? []) outgoing.push({ ...m, id: await deps.outbox.add(tx, m.topic, m.payload, now) });
    if (entersFollowed(before, row)) await carryToMerged(tx, [{ parent: row, now }], outgoing);
    return row;
  }

  /**
   * Each parent's reply or closure, onto each ticket merged into it (directly or through another):
   * one read finds them for all the parents, and most parents have none.
   */
  async function carryToMerged(tx: Tx, parents: { parent: TicketRow; now: Date }[], outgoing: Outgoing[]): Promise<void> {
    const children = await repo.mergedInto(tx, parents.map((p) => p.parent.id));
    for (const { parent, now } of parents) {
      const body: ActionBody<'follow-parent'> =
        parent.status === 'replied'
          ? { step: 'replied', parentTicketNo: parent.ticket_no, result: parent.reply_result ?? undefined, outcome: (parent.reply_outcome ?? undefined) as ActionBody<'follow-parent'>['outcome'] }
          : { step: 'closed', parentTicketNo: parent.ticket_no };
      for (const child of children.get(parent.id) ?? []) {
        const verdict = canAct(mergeFollower, 'follow-parent', child, { directory, now });
        if (!verdict.allowed) throw verdict.refusal;
        const change = await actions['follow-parent'].apply({ ticket: child, body, principal: mergeFollower, now, deps });
        await apply(tx, mergeFollower, child, 'follow-parent', change, now, outgoing);
      }
    }
  }

  /**
   * Changes written together in one transaction with one statement per table; each answers its
   * row, or CONCURRENT_UPDATE when its ticket changed since it was read (or an earlier change of the
   * batch took it). Rows are locked in id order, so two batches in flight cannot deadlock on them
   * (the merged tickets a reply or closure carries onto are locked after them, and no other change
   * locks a merged ticket together with other rows). Throws, having written nothing, when the transaction fails.
   */
  async function writeMany(planned: Planned[]): Promise<(TicketRow | Error)[]> {
    const results: (TicketRow | Error)[] = [];
    const taken = new Set<number>();
    const writing = planned
      .map((p, i) => ({ ...p, i }))
      .filter((p) => {
        if (taken.has(p.ticket.id)) {
          results[p.i] = concurrentUpdate();
          return false;
        }
        taken.add(p.ticket.id);
        return true;
      })
      .sort((a, b) => a.ticket.id - b.ticket.id);
    if (!writing.length) return results;
    const outgoing: Outgoing[] = [];
    await deps.transact(async (tx) => {
      // Each event names what its change sets (as in `apply`), so it goes in the update's statement.
      const changes = writing.map((p) => {
        const set = rowChange(p.ticket, p.change, p.to, p.now);
        return { id: p.ticket.id, version: p.ticket.version, set, event: eventOf(p.principal, p.ticket, { ...p.ticket, ...set }, p.action, p.change, p.now, {}) };
      });
      const rows = new Map((await repo.updateManyIfVersionWithEvents(tx, changes)).map((r) => [r.id, r]));
      const facts: TicketChangeFact[] = [];
      const messages: Omit<Outgoing, 'id'>[] = [];
      const followed: { parent: TicketRow; now: Date }[] = [];
      for (const [j, p] of writing.entries()) {
        const after = rows.get(p.ticket.id);
        if (!after) {
          results[p.i] = concurrentUpdate();
          continue;
        }
        facts.push({ before: p.ticket, after, event: changes[j].event });
        messages.push(...(p.change.outbox ?? []));
        if (entersFollowed(p.ticket, after)) followed.push({ parent: after, now: p.now });
        results[p.i] = after;
      }
      await notifyObserversOfMany(deps.observers, tx, facts);
      outgoing.push(...((await deps.outbox.addMany(tx, messages, clock.now())) as Outgoing[]));
      if (followed.length) await carryToMerged(tx, followed, outgoing);
    });
    await handOver(outgoing);
    return results;
  }

  /** After the commit, nothing may fail the change: the relay hands over what Redis did not take now. */
  async function handOver(outgoing: Outgoing[]): Promise<void> {
    if (outgoing.length) await deps.publisher.publish(outgoing).catch((err) => deps.logger.warn({ err: (err as Error).message }, 'outbox hand-off delayed'));
  }

  const batcher = createBatcher(async (planned: Planned[]) => {
    try {
      return await writeMany(planned);
    } catch (err) {
      if (planned.length === 1) return [err as Error];
      // One change that fails the transaction must not fail the others: each alone, failing on its own.
      return Promise.all(planned.map((p) => writeMany([p]).then((r) => r[0], (e: Error) => e)));
    }
  }, ACTION_BATCH);

  /** The action's change for this ticket, once the ticket policy allows it. */
  async function changeFor(principal: Principal, ticket: TicketRow, action: ActionName, body: unknown, now: Date, ctx: Pick<ActionContext, 'deps' | 'known'>): Promise<Change> {
    const verdict = canAct(principal, action, ticket, { directory, now });
    if (!verdict.allowed) throw verdict.refusal;
    return actions[action].apply({ ticket, body: body as never, principal, now, ...ctx });
  }

  return {
    load,

    /** The tickets of these ids this principal may read (any order; missing ones left out). */
    async loadMany(principal: Principal, ids: number[]): Promise<TicketRow[]> {
      return (await repo.findByIds(ids)).filter((t) => canRead(principal, t, directory));
    },

    /** Performs an action; its body was parsed at the edge (the route's declared schema) or built typed by a worker. */
    async perform<A extends ActionName>(principal: Principal, ref: string | number, action: A, body: ActionBody<A>): Promise<TicketRow> {
      const ticket = await load(principal, ref);
      const now = clock.now();
      const change = await changeFor(principal, ticket, action, body, now, { deps });
      const to = statusAfter(ticket, action, change);
      // A change that only writes the row goes with those arriving at the same moment: one
      // transaction and a statement per table for all of them, as intake writes its calls.
      if (batchable(change)) return batcher.submit({ principal, ticket, action, change, to, now });
      const outgoing: Outgoing[] = [];
      const updated = await deps.transact((tx) => apply(tx, principal, ticket, action, change, now, outgoing));
      await handOver(outgoing);
      return updated;
    },

    /**
     * Many actions on tickets already read (routing's batches), in one transaction with one statement
     * per table; each answers its ticket as written or the Error it failed with on its own: refused
     * by the policy or its handler, or CONCURRENT_UPDATE when the ticket changed since it was read.
     * Only for changes that write the row alone (and carry a reply or closure onto merged tickets); the policies and
     * calendar are read once for all of them (or given: `pinned`, read by the caller with its other
     * reference data). If the transaction fails, it throws and nothing is written.
     */
    async performMany<A extends ActionName>(
      principal: Principal,
      requests: { ticket: TicketRow; action: A; body: ActionBody<A> }[],
      pinned?: DueTimes,
    ): Promise<(TicketRow | Error)[]> {
      if (!requests.length) return [];
      const now = clock.now();
      const classifying = requests.filter((r) => r.action === 'classify').map((r) => r.ticket.id);
      const [sla, alreadyClassified] = await Promise.all([pinned ?? deps.sla.pinned(), repo.alreadyClassified(classifying)]);
      // Every change of the batch reads the same policies and calendar: one version check for all.
      const ctx = { deps: { ...deps, sla: { ...sla, pinned: async () => sla } }, known: { alreadyClassified } };
      const results: (TicketRow | Error)[] = [];
      const planned: (Planned & { i: number })[] = [];
      for (const [i, r] of requests.entries()) {
        try {
          const change = await changeFor(principal, r.ticket, r.action, r.body, now, ctx);
          const to = statusAfter(r.ticket, r.action, change);
          if (!batchable(change)) throw new Error(`${r.action} cannot be written in a batch`);
          planned.push({ i, principal, ticket: r.ticket, action: r.action, change, to, now });
        } catch (err) {
          results[i] = err as Error;
        }
      }
      (await writeMany(planned)).forEach((result, j) => (results[planned[j].i] = result));
      return results;
    },
  };
}

export type ActionEngine = ReturnType<typeof createActionEngine>;
