import type { Db, Tx } from '../../db/knex';
import type { DeliveriesQuery, DeliveryKind, DeliveryStatus } from './partners.schemas';

export interface PartnerEndpointRow {
  id: number;
  name: string;
  url: string;
  secret: string;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface DeliveryRow {
  id: number;
  partner: string;
  ticket_id: number | null;
  kind: DeliveryKind;
  payload: Record<string, unknown>;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  last_status_code: number | null;
  next_attempt_at: Date;
  created_at: Date;
  updated_at: Date;
  delivered_at: Date | null;
  dead_at: Date | null;
  alerted_at: Date | null;
  ack: unknown;
}

export type NewDelivery = Pick<DeliveryRow, 'partner' | 'ticket_id' | 'kind' | 'payload'>;

// jsonb values go in as JSON text: pg would turn a JS array into a Postgres array, a string into text.
const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

export function createPartnersRepository(db: Db) {
  return {
    async endpoints(p: { limit: number; offset: number }): Promise<{ rows: PartnerEndpointRow[]; total: number }> {
      const [rows, [{ n }]] = await Promise.all([db<PartnerEndpointRow>('partner_endpoints').orderBy('name').limit(p.limit).offset(p.offset), db('partner_endpoints').count({ n: '*' })]);
      return { rows: rows as PartnerEndpointRow[], total: Number(n) };
    },

    endpoint(name: string): Promise<PartnerEndpointRow | undefined> {
      return db<PartnerEndpointRow>('partner_endpoints').where({ name }).first();
    },

    /** Creates or replaces a partner's endpoint; the secret is kept when none is given. */
    async upsertEndpoint(e: { name: string; url: string; secret?: string; active: boolean }, now: Date): Promise<PartnerEndpointRow | undefined> {
      const set = { url: e.url, active: e.active, updated_at: now };
      // Without a secret there is nothing to insert (the column is required): only an update.
      if (e.secret === undefined) {
        const [updated] = await db('partner_endpoints').where({ name: e.name }).update(set).returning('*');
        return updated;
      }
      const [row] = await db('partner_endpoints')
        .insert({ name: e.name, url: e.url, secret: e.secret, active: e.active, created_at: now, updated_at: now })
        .onConflict('name')
        .merge({ ...set, secret: e.secret })
        .returning('*');
      return row;
    },

    async insertDelivery(tx: Tx, d: NewDelivery, now: Date): Promise<DeliveryRow> {
      const [row] = await tx('partner_deliveries')
        .insert({ ...d, payload: json(d.payload), status: 'pending', next_attempt_at: now, created_at: now, updated_at: now })
        .returning('*');
      return row;
    },

    findDelivery(id: number): Promise<DeliveryRow | undefined> {
      return db<DeliveryRow>('partner_deliveries').where({ id }).first();
    },

    async listDeliveries(filter: Omit<DeliveriesQuery, 'limit' | 'offset'> & { limit: number; offset: number }): Promise<{ rows: DeliveryRow[]; total: number }> {
      const matching = () => {
        const q = db<DeliveryRow>('partner_deliveries');
        if (filter.status) q.where({ status: filter.status });
        if (filter.partner) q.where({ partner: filter.partner });
        if (filter.ticketId) q.where({ ticket_id: filter.ticketId });
        return q;
      };
      const [rows, [{ n }]] = await Promise.all([matching().orderBy('id', 'desc').limit(filter.limit).offset(filter.offset), matching().count({ n: '*' })]);
      return { rows: rows as DeliveryRow[], total: Number(n) };
    },

    /**
     * Takes the next attempt of a pending delivery: only one caller wins for a given attempt number
     * (two jobs for one delivery never both post it), and the lease keeps a sweep off it meanwhile.
     */
    async claimAttempt(id: number, seenAttempts: number, leaseUntil: Date, now: Date): Promise<DeliveryRow | undefined> {
      const [row] = await db('partner_deliveries')
        .where({ id, status: 'pending', attempts: seenAttempts })
        .update({ attempts: seenAttempts + 1, next_attempt_at: leaseUntil, updated_at: now })
        .returning('*');
      return row;
    },

    async markDelivered(tx: Tx, id: number, r: { statusCode: number; ack: unknown }, now: Date): Promise<boolean> {
      const n = await tx('partner_deliveries')
        .where({ id, status: 'pending' })
        .update({ status: 'delivered', delivered_at: now, updated_at: now, last_status_code: r.statusCode, ack: json(r.ack), last_error: null });
      return n > 0;
    },

    async recordFailure(id: number, r: { error: string; statusCode: number | null; nextAttemptAt: Date }, now: Date): Promise<void> {
      await db('partner_deliveries')
        .where({ id, status: 'pending' })
        .update({ last_error: r.error.slice(0, 1000), last_status_code: r.statusCode, next_attempt_at: r.nextAttemptAt, updated_at: now });
    },

    async markDead(tx: Tx, id: number, r: { error: string; statusCode: number | null }, now: Date): Promise<boolean> {
      const n = await tx('partner_deliveries')
        .where({ id, status: 'pending' })
        .update({ status: 'dead', dead_at: now, updated_at: now, last_error: r.error.slice(0, 1000), last_status_code: r.statusCode });
      return n > 0;
    },

    /** Notes that people were alerted about this delivery (once): the ticket to tell them about, or none if done before. */
    async markAlerted(tx: Tx, id: number, now: Date): Promise<{ ticket_no: string; created_by_user_id: number | null } | undefined> {
      const n = await tx('partner_deliveries').where({ id, status: 'pending' }).whereNull('alerted_at').update({ alerted_at: now });
      if (!n) return undefined;
      return tx('tickets')
        .join('partner_deliveries as d', 'd.ticket_id', 'tickets.id')
        .where('d.id', id)
        .first('tickets.ticket_no', 'tickets.created_by_user_id');
    },

    /** Dead back to pending for a fresh round of attempts; the last error stays for reference. */
    async revive(tx: Tx, id: number, now: Date): Promise<DeliveryRow | undefined> {
      const [row] = await tx('partner_deliveries')
        .where({ id, status: 'dead' })
        .update({ status: 'pending', dead_at: null, alerted_at: null, attempts: 0, next_attempt_at: now, updated_at: now })
        .returning('*');
      return row;
    },

    /** Pending deliveries that should have been attempted long ago: their job went missing. */
    stuck(olderThan: Date, limit: number): Promise<Pick<DeliveryRow, 'id' | 'attempts' | 'next_attempt_at'>[]> {
      return db('partner_deliveries')
        .where({ status: 'pending' })
        .where('next_attempt_at', '<', olderThan)
        .orderBy('next_attempt_at')
        .limit(limit)
        .select('id', 'attempts', 'next_attempt_at');
    },

    async audit(entry: { action: string; actorUserId: number | null; ticketId: number | null; detail: object }, now: Date): Promise<void> {
      await db('audit_log').insert({ action: entry.action, actor_user_id: entry.actorUserId, ticket_id: entry.ticketId, detail: entry.detail, created_at: now });
    },
  };
}

export type PartnersRepository = ReturnType<typeof createPartnersRepository>;
