import type { Transact } from '../../db/transaction';
import type { Clock } from '../../shared/clock';
import type { DomainEvents } from '../../shared/domain-events';
import { ConflictError, NotFoundError } from '../../shared/errors';
import type { Principal } from '../auth';
import type { CategoryCatalog } from '../categories';
import type { DepartmentDirectory } from '../departments';
import type { OutboxPublisher, OutboxRepository, OutboxTopic } from '../outbox';
import { actionHandlers, type Change } from './action-handlers';
import { actionBodies } from './ticket-actions.schemas';
import { notifyObservers, type TicketChangeObserver } from './ticket-observers';
import { canAct, canRead } from './ticket-policy';
import { transitions, type ActionName } from './transitions';
import type { TicketRow, TicketsRepository } from './tickets.repository';
import { actorColumns } from './tickets.service';
import { parseInput } from '../../http/validate';
import type { ZodType } from 'zod';

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
  events: DomainEvents;
  clock: Clock;
  sla: DueTimePort;
  observers: readonly TicketChangeObserver[];
}

/**
 * Runs one lifecycle action: checks the body, then asks the ticket policy (who may act, the
 * transition table, the department rule, the action's preconditions), then applies the
 * handler's change in one transaction guarded by the ticket's version, with its timeline event and
 * outbox messages; emits the domain event after commit.
 */
export function createActionEngine(deps: ActionDeps) {
  const { repo, directory, clock } = deps;

  async function load(principal: Principal, ref: string | number): Promise<TicketRow> {
    const ticket = typeof ref === 'number' ? await repo.findById(ref) : await repo.findByTicketNo(ref);
    if (!ticket || !canRead(principal, ticket, directory)) throw new NotFoundError('No such ticket', 'TICKET_NOT_FOUND');
    return ticket;
  }

  return {
    load,

    async perform<A extends ActionName>(principal: Principal, ref: string | number, action: A, rawBody: unknown): Promise<TicketRow> {
      const body = parseInput(actionBodies[action] as ZodType, rawBody ?? {});
      const ticket = await load(principal, ref);
      const now = clock.now();
      const verdict = canAct(principal, action, ticket, { directory, now });
      if (!verdict.allowed) throw verdict.refusal;
      const change: Change = await actionHandlers[action]({ ticket, body: body as never, principal, now, deps });
      const to = change.to ?? (transitions[action].to === 'same' ? ticket.status : transitions[action].to);
      if (to === 'outcome') throw new Error(`handler for ${action} must decide the status`);

      const outboxIds: { id: number; topic: OutboxTopic; payload: Record<string, unknown> }[] = [];
      const updated = await deps.transact(async (tx) => {
        const row = await repo.updateIfVersion(tx, ticket.id, ticket.version, { ...change.set, status: to, updated_at: now });
        if (!row) throw new ConflictError('CONCURRENT_UPDATE', 'Someone else changed this ticket at the same moment; reload and try again');
        const event = {
          ticket_id: ticket.id,
          action,
          ...actorColumns(principal),
          from_status: ticket.status,
          to_status: to,
          department_id: row.department_id,
          note: change.note ?? null,
          data: change.data ?? {},
          created_at: now,
        };
        await repo.insertEvent(tx, event);
        await notifyObservers(deps.observers, tx, { before: ticket, after: row, event });
        for (const m of change.outbox ?? []) outboxIds.push({ ...m, id: await deps.outbox.add(tx, m.topic, m.payload, now) });
        return row;
      });

      deps.events.emit('ticket.changed', {
        ticketId: updated.id,
        ticketNo: updated.ticket_no,
        action,
        fromStatus: ticket.status,
        toStatus: to,
        departmentId: updated.department_id,
        at: now,
      });
      if (outboxIds.length) await deps.publisher.publish(outboxIds);
      return updated;
    },
  };
}

export type ActionEngine = ReturnType<typeof createActionEngine>;
