import type { Tx } from '../../db/knex';
import type { Transact } from '../../db/transaction';
import type { Clock } from '../../shared/clock';
import { ConflictError, NotFoundError } from '../../shared/errors';
import type { Principal, SystemPrincipal } from '../../shared/principal';
import type { CategoryCatalog } from '../categories';
import type { DepartmentDirectory } from '../departments';
import type { OutboxPublisher, OutboxRepository, OutboxTopic } from '../outbox';
import { actionHandlers, type Change } from './action-handlers';
import type { ActionBody } from './ticket-actions.schemas';
import type { PhoneKey } from './phone-key';
import type { CallbackRules } from './callback-window';
import type { TicketStatus } from './ticket.schemas';
import { notifyObservers, type TicketChangeObserver } from './ticket-observers';
import { canAct, canRead } from './ticket-policy';
import { isOpen, transitions, type ActionName } from './transitions';
import type { TicketRow, TicketsRepository } from './tickets.repository';
import { actorColumns } from './tickets.service';

/** What the action handlers may use: the SLA clocks come in through this port, not an import. */
export interface DueTimePort {
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
}

/** Who carries a parent's reply and closure onto its merged tickets. */
const mergeFollower: SystemPrincipal = { kind: 'system', name: 'merge' };

/** Statuses a parent enters that its merged tickets take over (SPEC section 5: merged follows its parent). */
const followedStatuses: readonly TicketStatus[] = ['replied', 'closed', 'cancelled'];

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
    const to = change.to ?? (transitions[action].to === 'same' ? ticket.status : transitions[action].to);
    if (to === 'outcome') throw new Error(`handler for ${action} must decide the status`);
    let before = ticket;
    let row: TicketRow | undefined;
    if (change.keepsRow) {
      // No version guard, so the status may have moved since it was read: the action must still fit it.
      row = await repo.lockById(tx, ticket.id);
      if (!row) throw new NotFoundError('No such ticket', 'TICKET_NOT_FOUND');
      const verdict = canAct(principal, action, row, { directory, now });
      if (!verdict.allowed) throw verdict.refusal;
      before = row;
    } else {
      // A withdraw request is about an open ticket: one that ends (cancelled, closed, merged) takes none with it.
      const request = ticket.withdraw_requested_at !== null && !isOpen(to) ? { withdraw_requested_at: null, withdraw_request_note: null } : {};
      row = await repo.updateIfVersion(tx, ticket.id, ticket.version, { ...change.set, ...request, status: to, updated_at: now });
      if (!row) throw new ConflictError('CONCURRENT_UPDATE', 'Someone else changed this ticket at the same moment; reload and try again');
    }
    const extra = change.write ? await change.write(tx) : {};
    // What the action wrote beside the row's state (a withdraw request's marker) is in the answer too.
    if (change.keepsRow && change.write) row = (await repo.lockById(tx, ticket.id)) ?? row;
    const event = {
      ticket_id: ticket.id,
      action: change.recordAs ?? action,
      ...actorColumns(principal),
      from_status: before.status,
      to_status: row.status,
      department_id: row.department_id,
      note: change.note ?? null,
      data: { ...change.data, ...extra },
      created_at: now,
    };
    await repo.insertEvent(tx, event);
    await notifyObservers(deps.observers, tx, { before, after: row, event });
    for (const m of change.outbox ?? []) outgoing.push({ ...m, id: await deps.outbox.add(tx, m.topic, m.payload, now) });
    if (before.status !== row.status && followedStatuses.includes(row.status)) await carryToMerged(tx, row, now, outgoing);
    return row;
  }

  /** The parent's reply or closure, onto each ticket merged into it (directly or through another). */
  async function carryToMerged(tx: Tx, parent: TicketRow, now: Date, outgoing: Outgoing[]): Promise<void> {
    const body: ActionBody<'follow-parent'> =
      parent.status === 'replied'
        ? { step: 'replied', parentTicketNo: parent.ticket_no, result: parent.reply_result ?? undefined, outcome: (parent.reply_outcome ?? undefined) as ActionBody<'follow-parent'>['outcome'] }
        : { step: 'closed', parentTicketNo: parent.ticket_no };
    for (const child of await repo.mergedInto(tx, parent.id)) {
      const verdict = canAct(mergeFollower, 'follow-parent', child, { directory, now });
      if (!verdict.allowed) throw verdict.refusal;
      const change = await actionHandlers['follow-parent']({ ticket: child, body, principal: mergeFollower, now, deps });
      await apply(tx, mergeFollower, child, 'follow-parent', change, now, outgoing);
    }
  }

  return {
    load,

    /** Performs an action; its body was parsed at the edge (the route's declared schema) or built typed by a worker. */
    async perform<A extends ActionName>(principal: Principal, ref: string | number, action: A, body: ActionBody<A>): Promise<TicketRow> {
      const ticket = await load(principal, ref);
      const now = clock.now();
      const verdict = canAct(principal, action, ticket, { directory, now });
      if (!verdict.allowed) throw verdict.refusal;
      const change: Change = await actionHandlers[action]({ ticket, body: body as never, principal, now, deps });

      const outgoing: Outgoing[] = [];
      const updated = await deps.transact((tx) => apply(tx, principal, ticket, action, change, now, outgoing));
      if (outgoing.length) await deps.publisher.publish(outgoing);
      return updated;
    },
  };
}

export type ActionEngine = ReturnType<typeof createActionEngine>;
