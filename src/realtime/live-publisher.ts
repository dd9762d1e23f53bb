import { Emitter } from '@socket.io/redis-emitter';
import type { ChainableCommander, Redis } from 'ioredis';
import type { DepartmentDirectory } from '../modules/departments';
import type { TicketChangeFact, TicketChangeObserver } from '../modules/tickets';
import type { DomainEventMap, DomainEvents } from '../shared/domain-events';
import type { Logger } from '../shared/logger';
import { ALL_ROOM, DISPATCHERS_ROOM, LIVE_NAMESPACE, SUPERVISORS_ROOM, adapterKey, metricsDirtyChannel, roomsFor, userRoom, type LiveServerEvents, type WithdrawRequestPush } from './live-events';

const poolStatuses = new Set(['pending_dispatch', 'returned']);

/** What a change did to a citizen's withdraw request, if anything (the marker on the ticket). */
function withdrawalChange({ before, after, event }: TicketChangeFact): WithdrawRequestPush['change'] | null {
  const was = before !== null && before.withdraw_requested_at !== null;
  const is = after.withdraw_requested_at !== null;
  if (event.action === 'follow-up' && event.data.kind === 'withdraw_request' && is) return 'requested';
  if (was && !is) return event.action === 'dismiss-withdrawal' ? 'dismissed' : 'ended';
  return null;
}

/**
 * Publishes live events from any process (web or worker) through Redis: the Socket.io Redis
 * emitter reaches the clients of every web process, whose Redis adapter listens on the same key.
 * A change is pushed after its transaction commits and never after a rollback (the observer's
 * after-commit phase), with the ticket before and after, so it also knows where the ticket was.
 */
export function createLivePublisher(deps: { redis: Redis; prefix: string; events: DomainEvents; directory: DepartmentDirectory; logger: Logger }) {
  const { directory, logger } = deps;
  const notPublished = (err: Error) => logger.debug({ err: err.message }, 'live event not published');
  // The pushes of a batch of changes, gathered while `together` runs: one write to Redis for all.
  let gathering: ChainableCommander | null = null;
  // Live events are best effort: with Redis down they are dropped, never thrown into a request.
  const safeClient = {
    publish: (channel: string, message: string | Buffer) => (gathering ? void gathering.publish(channel, message) : deps.redis.publish(channel, message).catch(notPublished)),
  };
  /** Sends what `work` publishes as one pipeline: a batch of 200 changes is one socket write, not 400 (a syscall each). */
  function together(work: () => void): void {
    const pipeline = deps.redis.pipeline();
    gathering = pipeline;
    try {
      work();
    } finally {
      gathering = null;
      // A pipeline answers each command's error in its results; only a connection failure rejects.
      pipeline.exec().catch(notPublished);
    }
  }
  const live = new Emitter<LiveServerEvents>(safeClient, { key: adapterKey(deps.prefix) }).of(LIVE_NAMESPACE);
  let unsubscribe: (() => void) | null = null;

  /** Tells the web processes that figures of these departments (and of everything) moved. */
  function metricsMoved(departmentIds: (number | null)[]): void {
    void safeClient.publish(metricsDirtyChannel(deps.prefix), JSON.stringify({ departmentIds }));
  }

  function pushChange({ before, after, event }: TicketChangeFact): void {
    const at = event.created_at.toISOString();
    const previousDepartmentId = before && before.department_id !== after.department_id ? before.department_id : null;
    live.to(roomsFor(directory, [after.department_id, previousDepartmentId])).emit('ticket:changed', {
      ticketId: after.id,
      ticketNo: after.ticket_no,
      action: event.action,
      fromStatus: before?.status ?? null,
      toStatus: after.status,
      departmentId: after.department_id,
      previousDepartmentId,
      ...(event.action === 'follow-up' && { followUp: String(event.data.kind) }),
      at,
    });
    const wasInPool = before !== null && poolStatuses.has(before.status);
    const isInPool = poolStatuses.has(after.status);
    if (wasInPool !== isInPool) {
      live.to(ALL_ROOM).emit('dispatch:pool', {
        ticketId: after.id,
        ticketNo: after.ticket_no,
        change: isInPool ? 'entered' : 'left',
        status: after.status,
        returned: after.status === 'returned',
        at,
      });
    }
    const withdrawal = withdrawalChange({ before, after, event });
    if (withdrawal) {
      live.to([DISPATCHERS_ROOM, SUPERVISORS_ROOM]).emit('dispatch:withdraw-request', {
        ticketId: after.id,
        ticketNo: after.ticket_no,
        change: withdrawal,
        note: event.note,
        status: after.status,
        departmentId: after.department_id,
        at,
      });
    }
  }

  function pushBreach(e: DomainEventMap['sla.breached']): void {
    const push = { ticketId: e.ticketId, ticketNo: e.ticketNo, clock: e.clock, departmentId: e.departmentId, dueAt: e.dueAt.toISOString(), at: e.at.toISOString() };
    live.to(roomsFor(directory, [e.departmentId])).emit(e.kind === 'at_risk' ? 'sla:at-risk' : 'sla:overdue', push);
    metricsMoved([e.departmentId]);
  }

  function pushUndelivered(e: DomainEventMap['emergency.undelivered']): void {
    const rooms = [SUPERVISORS_ROOM, ...(e.createdByUserId === null ? [] : [userRoom(e.createdByUserId)])];
    live.to(rooms).emit('emergency:undelivered', {
      deliveryId: e.deliveryId,
      ticketId: e.ticketId,
      ticketNo: e.ticketNo,
      message: e.message,
      error: e.error,
      since: e.since.toISOString(),
      at: e.at.toISOString(),
    });
  }

  const observer: TicketChangeObserver = {
    // A batch (routing's) is pushed change by change, and the figures said to have moved once.
    afterCommitMany(facts) {
      if (!unsubscribe || !facts.length) return;
      together(() => {
        for (const fact of facts) {
          try {
            pushChange(fact);
          } catch (err) {
            logger.warn({ err: (err as Error).message, ticketId: fact.after.id }, 'live push of a ticket change failed');
          }
        }
        metricsMoved([...new Set(facts.flatMap(({ before, after }) => [after.department_id, before && before.department_id !== after.department_id ? before.department_id : null]))]);
      });
    },
  };

  return {
    observer,
    /** Starts publishing from this process (web and worker processes both call it; once is enough). */
    start(): void {
      if (unsubscribe) return;
      const offs = [
        deps.events.on('sla.breached', pushBreach),
        deps.events.on('emergency.undelivered', pushUndelivered),
        // A corrected survey result changes satisfaction figures without a ticket change.
        deps.events.on('survey.corrected', (e) => metricsMoved([e.departmentId])),
      ];
      unsubscribe = () => offs.forEach((off) => off());
    },
    stop(): void {
      unsubscribe?.();
      unsubscribe = null;
    },
  };
}

export type LivePublisher = ReturnType<typeof createLivePublisher>;
