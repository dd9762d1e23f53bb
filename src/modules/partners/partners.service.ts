import type { Db, Tx } from '../../db/knex';
import type { Transact } from '../../db/transaction';
import type { Queues } from '../../queues/queues';
import type { Clock } from '../../shared/clock';
import type { DomainEvents } from '../../shared/domain-events';
import type { DepartmentDirectory } from '../departments';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import type { Principal } from '../../shared/principal';
import type { OutboxPublisher, OutboxRepository } from '../outbox';
import { createDeliveryAttempts } from './delivery-attempt';
import { createPartnerObserver } from './partner-observer';
import { createPartnersRepository, type DeliveryRow, type NewDelivery, type PartnerEndpointRow } from './partners.repository';
import type { DeliveriesQuery, DeliveryView, PutPartnerInput } from './partners.schemas';

/** How this module writes on a ticket's timeline (the tickets service's appendEvent). */
export interface TimelinePort {
  appendEvent(ticketId: number, action: string, note: string | null, data: Record<string, unknown>, tx?: Tx, actor?: Principal): Promise<boolean>;
}

export interface PartnersDeps {
  db: Db;
  transact: Transact;
  outbox: OutboxRepository;
  publisher: OutboxPublisher;
  queues: Queues;
  timeline: TimelinePort;
  directory: DepartmentDirectory;
  events: DomainEvents;
  clock: Clock;
  logger: Logger;
}

const TOPIC = 'partner.deliver';

/** A partner as admins see it: never the secret. */
export function partnerView(p: PartnerEndpointRow) {
  return { name: p.name, url: p.url, active: p.active, createdAt: p.created_at.toISOString(), updatedAt: p.updated_at.toISOString() };
}

/** A delivery as admins and supervisors see it. The payload is left out: it can carry a citizen's full phone number, whose every read is audited. */
export function deliveryView(d: DeliveryRow): DeliveryView {
  const iso = (x: Date | null) => (x ? x.toISOString() : null);
  return {
    id: d.id,
    partner: d.partner,
    ticketId: d.ticket_id,
    kind: d.kind,
    status: d.status,
    attempts: d.attempts,
    lastError: d.last_error,
    lastStatusCode: d.last_status_code,
    nextAttemptAt: d.status === 'pending' ? iso(d.next_attempt_at) : null,
    createdAt: d.created_at.toISOString(),
    deliveredAt: iso(d.delivered_at),
    deadAt: iso(d.dead_at),
    ack: d.ack ?? null,
  };
}

/**
 * Outbound messages to partner systems: written with the change that calls for them, handed to the
 * `delivery` queue through the outbox, attempted by the delivery worker until acknowledged, and
 * kept as dead letters for an admin when they keep failing.
 */
export function createPartners(deps: PartnersDeps) {
  const { clock, logger } = deps;
  const repo = createPartnersRepository(deps.db);
  const attempts = createDeliveryAttempts({
    repo,
    transact: deps.transact,
    timeline: deps.timeline,
    clock,
    logger,
    alert: (a) => deps.events.emit('emergency.undelivered', a),
  });

  /** Writes a message in the caller's transaction; it reaches the delivery queue once that commits. */
  async function enqueue(tx: Tx, d: NewDelivery): Promise<DeliveryRow> {
    const now = clock.now();
    const row = await repo.insertDelivery(tx, d, now);
    await deps.publisher.enqueueAfterCommit(tx, TOPIC, { deliveryId: row.id }, now);
    return row;
  }

  const userId = (p: Principal) => (p.kind === 'user' ? p.userId : null);

  return {
    observer: createPartnerObserver({ directory: deps.directory, enqueue }),
    enqueue,
    attempt: attempts.attempt,

    async listPartners(page: { limit: number; offset: number }) {
      const { rows, total } = await repo.endpoints(page);
      return { partners: rows.map(partnerView), total };
    },

    async configurePartner(principal: Principal, name: string, input: PutPartnerInput) {
      const row = await repo.upsertEndpoint({ name, ...input }, clock.now());
      // Only possible without a secret: the partner does not exist yet, and it cannot be made without one.
      if (!row) throw new ValidationError('Invalid body', [{ field: 'secret', message: 'required when configuring a new partner' }]);
      await repo.audit({ action: 'partner-configured', actorUserId: userId(principal), ticketId: null, detail: { partner: name, url: input.url, active: input.active, secretChanged: input.secret !== undefined } }, clock.now());
      return partnerView(row);
    },

    async listDeliveries(query: DeliveriesQuery) {
      const { rows, total } = await repo.listDeliveries(query);
      return { deliveries: rows.map(deliveryView), total };
    },

    async hasEndpoint(name: string): Promise<boolean> {
      return (await repo.endpoint(name))?.active === true;
    },

    async getDelivery(id: number): Promise<DeliveryRow | undefined> {
      return repo.findDelivery(id);
    },

    /**
     * A dead letter back in the queue for a fresh round of attempts (typically after fixing the
     * endpoint): in the audit log and on the ticket's timeline, both naming who asked for it.
     */
    async retryDelivery(principal: Principal, id: number) {
      const now = clock.now();
      const revived = await deps.transact(async (tx) => {
        const row = await repo.revive(tx, id, now);
        if (!row) return null;
        const outboxId = await deps.outbox.add(tx, TOPIC, { deliveryId: id }, now);
        if (row.ticket_id !== null) {
          await deps.timeline.appendEvent(row.ticket_id, 'delivery-retried', `${row.partner}: ${row.kind} message sent again`, { deliveryId: id, partner: row.partner, kind: row.kind }, tx, principal);
        }
        return { row, outboxId };
      });
      if (!revived) {
        const existing = await repo.findDelivery(id);
        if (!existing) throw new NotFoundError('No such delivery', 'DELIVERY_NOT_FOUND');
        throw new ConflictError('DELIVERY_NOT_DEAD', `Only dead deliveries can be retried; this one is ${existing.status}`, [{ status: existing.status }]);
      }
      await repo.audit({ action: 'delivery-retried', actorUserId: userId(principal), ticketId: revived.row.ticket_id, detail: { deliveryId: id, partner: revived.row.partner } }, now);
      // A new outbox id is a new job id, so the finished job of the earlier round does not swallow it.
      await deps.publisher.publish([{ id: revived.outboxId, topic: TOPIC, payload: { deliveryId: id } }]);
      return deliveryView(revived.row);
    },

    /** Endpoints given in the environment (demo, or a deployment's fixed partners) win on every start. */
    async applyConfiguredEndpoints(endpoints: readonly { name: string; url: string; secret: string }[]): Promise<void> {
      for (const e of endpoints) {
        await repo.upsertEndpoint({ ...e, active: true }, clock.now());
        logger.info({ partner: e.name, url: e.url }, 'partner endpoint configured from the environment');
      }
    },

    /**
     * Pending messages whose next attempt is long overdue lost their job (Redis lost it, or a job
     * stalled twice): hand them to the queue again. The job id names the attempt and its due time, so sweeping twice
     * adds one job, and the attempt claim keeps a job that is merely late from posting twice.
     */
    async sweep(stuckAfterMs: number, limit = 500): Promise<number> {
      const stuck = await repo.stuck(new Date(clock.now().getTime() - stuckAfterMs), limit);
      for (const d of stuck) await deps.queues.add('delivery', { deliveryId: d.id }, `delivery-${d.id}-sweep-${d.attempts}-${d.next_attempt_at.getTime()}`);
      return stuck.length;
    },
  };
}

export type Partners = ReturnType<typeof createPartners>;
