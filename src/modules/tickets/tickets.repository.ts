import type { Db, Tx } from '../../db/knex';
import { createBatcher } from '../../shared/batcher';
import type { Channel, Line, TicketStatus, TicketType, Urgency } from './ticket.schemas';
import { openTicketsAtPlace, suggestDuplicates, type DuplicateProbe, type DuplicateSuggestion } from './ticket-duplicates.repository';
import type { ReadScope } from './ticket-policy';

export interface TicketRow {
  id: number;
  ticket_no: string;
  line: Line;
  channel: Channel;
  type: TicketType;
  urgency: Urgency;
  status: TicketStatus;
  category_id: number | null;
  title: string | null;
  description: string;
  citizen_name: string | null;
  citizen_phone: string | null;
  /** The phone's index key (phone-key.ts), null when no phone was given. */
  citizen_phone_hash: string | null;
  citizen_anonymous: boolean;
  callback_consent: boolean;
  district_id: number | null;
  street: string | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  external_ref: string | null;
  /** 'open311' for a request submitted through Open311: the only tickets its keyless reads show. */
  intake_via: 'open311' | null;
  answer: string | null;
  department_id: number | null;
  parent_ticket_id: number | null;
  created_by_user_id: number | null;
  created_by_api_key_id: number | null;
  idempotency_scope: string | null;
  idempotency_key: string | null;
  request_hash: string | null;
  created_at: Date;
  updated_at: Date;
  first_dispatched_at: Date | null;
  dispatched_at: Date | null;
  accepted_at: Date | null;
  replied_at: Date | null;
  closed_at: Date | null;
  accept_due_at: Date | null;
  reply_due_at: Date | null;
  return_due_at: Date | null;
  extension_working_days: number;
  reply_result: string | null;
  reply_outcome: string | null;
  version: number;
  pending_extension_days: number | null;
  pending_extension_reason: string | null;
  max_extension_working_days: number;
  accepted_on_time: boolean | null;
  replied_on_time: boolean | null;
  emergency_kind: string | null;
  emergency_dismissed_at: Date | null;
  citizen_due_at: Date | null;
  reopened_at: Date | null;
  /** A citizen's withdraw request waiting for a dispatcher (follow-up withdraw_request), and their words. */
  withdraw_requested_at: Date | null;
  withdraw_request_note: string | null;
  /** The department that passed the ticket down to the one holding it (it may recall it); null after a fresh dispatch. */
  passed_down_from_id: number | null;
  /** null: routing never placed the ticket itself; false: it did; true: a dispatcher then sent it elsewhere after a return. */
  auto_route_redispatched: boolean | null;
}

export type NewTicketRow = Omit<
  TicketRow,
  | 'id'
  | 'parent_ticket_id'
  | 'first_dispatched_at'
  | 'dispatched_at'
  | 'accepted_at'
  | 'replied_at'
  | 'accept_due_at'
  | 'reply_due_at'
  | 'return_due_at'
  | 'extension_working_days'
  | 'reply_result'
  | 'reply_outcome'
  | 'version'
  | 'department_id'
  | 'pending_extension_days'
  | 'pending_extension_reason'
  | 'max_extension_working_days'
  | 'accepted_on_time'
  | 'replied_on_time'
  | 'emergency_kind'
  | 'emergency_dismissed_at'
  | 'citizen_due_at'
  | 'reopened_at'
  | 'withdraw_requested_at'
  | 'withdraw_request_note'
  | 'passed_down_from_id'
  | 'auto_route_redispatched'
>;

export interface TicketEventRow {
  id: number;
  ticket_id: number;
  action: string;
  actor_type: 'user' | 'api_key' | 'system' | 'citizen';
  actor_user_id: number | null;
  actor_api_key_id: number | null;
  from_status: TicketStatus | null;
  to_status: TicketStatus | null;
  department_id: number | null;
  note: string | null;
  data: Record<string, unknown>;
  created_at: Date;
}

export type NewTicketEvent = Omit<TicketEventRow, 'id'>;

/** A citizen who called about a matter already open and was attached to its ticket (SPEC section 5). */
export interface CallerRow {
  id: number;
  ticket_id: number;
  name: string | null;
  phone: string | null;
  phone_hash: string | null;
  anonymous: boolean;
  callback_consent: boolean;
  note: string | null;
  created_by_user_id: number | null;
  created_at: Date;
}

export type NewCallerRow = Omit<CallerRow, 'id'>;

export interface TimelineEntry extends TicketEventRow {
  actor_username: string | null;
  actor_display_name: string | null;
  actor_role: string | null;
  actor_key_name: string | null;
}

/** Reads by id that arrive together: up to 500 in one statement, two statements at a time. */
const READ_BATCH = { maxBatch: 500, maxInFlight: 2 };

export function createTicketsRepository(db: Db) {
  // Every action loads its ticket first; the actions of a busy moment each did it in a round trip
  // of their own (a fifth of a simulated day's statements). Those arriving together share one.
  const byId = createBatcher(async (ids: number[]): Promise<(TicketRow | undefined)[]> => {
    const rows = await db<TicketRow>('tickets').whereRaw('id = any(?::bigint[])', [[...new Set(ids)]]);
    const found = new Map(rows.map((r) => [r.id, r]));
    const handedOut = new Set<number>();
    // Two requests for the same ticket each get a row of their own to keep.
    return ids.map((id) => {
      const row = found.get(id);
      if (row && handedOut.has(id)) return { ...row };
      handedOut.add(id);
      return row;
    });
  }, READ_BATCH);

  return {
    /**
     * Reserves the day's next `n` numbers and answers the last of them. Committed on its own
     * (outside the tickets' transaction) so that concurrent intakes hold the counter row for one
     * statement, not a whole transaction; a rolled back intake leaves a gap, which is harmless:
     * numbers are unique and ordered, not dense.
     */
    async reserveTicketSerials(day: string, n: number): Promise<number> {
      const { rows } = await db.raw(
        `insert into ticket_no_counters (day, last_value) values (?, ?)
         on conflict (day) do update set last_value = ticket_no_counters.last_value + excluded.last_value
         returning last_value`,
        [day, n],
      );
      return rows[0].last_value;
    },

    /**
     * New tickets, in one statement. A ticket whose Idempotency-Key another request has just used
     * is skipped rather than failing the others: it is missing from the answer.
     */
    insertTickets(tx: Tx, tickets: NewTicketRow[]): Promise<TicketRow[]> {
      return tx('tickets').insert(tickets).onConflict(['idempotency_scope', 'idempotency_key']).ignore().returning('*');
    },

    async insertEvent(tx: Tx, event: NewTicketEvent): Promise<void> {
      await tx('ticket_events').insert(event);
    },

    async insertEvents(tx: Tx, events: NewTicketEvent[]): Promise<void> {
      if (events.length) await tx('ticket_events').insert(events);
    },

    /**
     * A timeline entry that is not a change (e.g. a partner's acknowledgement): it records the
     * status as it stands and leaves the ticket row alone, so no version bump and no lost update.
     * False when there is no such ticket.
     */
    async appendNote(event: Omit<NewTicketEvent, 'from_status' | 'to_status' | 'department_id'>, tx: Tx | Db = db): Promise<boolean> {
      const ticket = await tx('tickets').where({ id: event.ticket_id }).first('status', 'department_id');
      if (!ticket) return false;
      await tx('ticket_events').insert({ ...event, from_status: ticket.status, to_status: ticket.status, department_id: ticket.department_id });
      return true;
    },

    /** Tickets already created under these (scope, Idempotency-Key) pairs. */
    findByIdempotencyKeys(pairs: [scope: string, key: string][]): Promise<TicketRow[]> {
      if (!pairs.length) return Promise.resolve([]);
      return db<TicketRow>('tickets').whereIn(['idempotency_scope', 'idempotency_key'], pairs);
    },

    findById(id: number): Promise<TicketRow | undefined> {
      return byId.submit(id);
    },

    findByIds(ids: number[]): Promise<TicketRow[]> {
      if (!ids.length) return Promise.resolve([]);
      return db<TicketRow>('tickets').whereIn('id', ids);
    },

    findByTicketNo(ticketNo: string): Promise<TicketRow | undefined> {
      return db<TicketRow>('tickets').where({ ticket_no: ticketNo }).first();
    },

    /** The ticket as it stands, locked until the transaction ends (a change that must see the latest status). */
    lockById(tx: Tx, id: number): Promise<TicketRow | undefined> {
      return tx<TicketRow>('tickets').where({ id }).forUpdate().first();
    },

    /**
     * The tickets merged into each of these, directly or through another merged ticket, oldest
     * first, by the ticket at the top (a batch of replies asks once for all of them; most have none).
     */
    async mergedInto(tx: Tx, ticketIds: number[]): Promise<Map<number, TicketRow[]>> {
      const byParent = new Map<number, TicketRow[]>();
      if (!ticketIds.length) return byParent;
      const { rows } = await tx.raw(
        `with recursive children as (
           select t.*, t.parent_ticket_id as top_id from tickets t where t.parent_ticket_id = any(?) and t.status = 'merged'
           union select t.*, c.top_id from tickets t join children c on t.parent_ticket_id = c.id where t.status = 'merged')
         select * from children order by top_id, id`,
        [ticketIds],
      );
      for (const { top_id: top, ...child } of rows as (TicketRow & { top_id: number })[]) {
        const children = byParent.get(top) ?? [];
        children.push(child);
        byParent.set(top, children);
      }
      return byParent;
    },

    /**
     * Gives tickets written before the phone index (or under another PHONE_INDEX_SECRET: run with
     * `all`) their index key, a thousand at a time. Answers how many were keyed.
     */
    async indexPhones(key: (phone: string) => string, opts: { all?: boolean } = {}): Promise<number> {
      let done = 0;
      let after = 0;
      for (;;) {
        const q = db('tickets').whereNotNull('citizen_phone').where('id', '>', after).orderBy('id').limit(1000).select('id', 'citizen_phone');
        if (!opts.all) q.whereNull('citizen_phone_hash');
        const rows: { id: number; citizen_phone: string }[] = await q;
        if (!rows.length) return done;
        await db.raw(
          `update tickets t set citizen_phone_hash = v.hash from (select unnest(?::bigint[]) as id, unnest(?::text[]) as hash) v where t.id = v.id`,
          [rows.map((r) => r.id), rows.map((r) => key(r.citizen_phone))],
        );
        done += rows.length;
        after = rows[rows.length - 1].id;
      }
    },

    /**
     * Marks (or, with null, clears) a citizen's withdraw request on a ticket the caller has locked. A
     * marker, not a change of the ticket's state: no version bump, so the citizen's call never makes a
     * handler's action at that moment fail (as for every follow-up call). A second request while one
     * waits keeps the first one's time and takes the latest words.
     */
    async markWithdrawRequest(tx: Tx, id: number, request: { at: Date; note: string } | null): Promise<void> {
      const set =
        request === null
          ? { withdraw_requested_at: null, withdraw_request_note: null }
          : { withdraw_requested_at: tx.raw('coalesce(withdraw_requested_at, ?)', [request.at]), withdraw_request_note: request.note };
      await tx('tickets').where({ id }).update(set);
    },

    async insertCaller(tx: Tx, caller: NewCallerRow): Promise<CallerRow> {
      const [row] = await tx('ticket_callers').insert(caller).returning('*');
      return row;
    },

    callersOf(ticketId: number): Promise<CallerRow[]> {
      return db<CallerRow>('ticket_callers').where({ ticket_id: ticketId }).orderBy('id');
    },

    /** Whether one of the ticket's attached callers gave a phone ending in these digits (tracking). */
    async hasCallerWithPhoneEnding(ticketId: number, last4: string): Promise<boolean> {
      const row = await db('ticket_callers').where({ ticket_id: ticketId }).whereRaw('right(phone, 4) = ?', [last4]).first('id');
      return row !== undefined;
    },

    /**
     * Applies a change only if nobody changed the ticket since it was read (optimistic lock): of two
     * people acting at once, exactly one gets the row back. The change's timeline event goes in the
     * same statement, written whatever the update found: when no row comes back the caller must roll
     * back.
     */
    async updateIfVersionWithEvent(tx: Tx, id: number, version: number, set: Partial<TicketRow>, event: NewTicketEvent): Promise<TicketRow | undefined> {
      const update = tx('tickets').where({ id, version }).update({ ...set, version: version + 1 }).returning('*').toSQL();
      const insert = tx('ticket_events').insert(event).toSQL();
      const { rows } = await tx.raw(`with changed as (${update.sql}), logged as (${insert.sql}) select * from changed`, [...update.bindings, ...insert.bindings]);
      return rows[0];
    },

    /**
     * The optimistic-lock update for many tickets in one statement, each with its own columns (a
     * column a change does not name keeps its value), and each change's timeline event in the same
     * statement (a round trip fewer per batch), written only when its ticket was still at its
     * version: answers the rows that were.
     */
    async updateManyIfVersionWithEvents(tx: Tx, changes: { id: number; version: number; set: Partial<TicketRow>; event: NewTicketEvent }[]): Promise<TicketRow[]> {
      if (!changes.length) return [];
      if (new Set(changes.map((c) => c.id)).size !== changes.length) throw new Error('updateManyIfVersionWithEvents: a ticket named twice');
      const columns = [...new Set(changes.flatMap((c) => Object.keys(c.set)))].filter((col) => col !== 'version');
      const eventColumns = [...new Set(changes.flatMap((c) => Object.keys(c.event)))];
      const { rows } = await tx.raw(
        `with changed as (
           update tickets t set (${columns.map(() => '??').join(', ')}, version) =
             (select ${columns.map(() => 'r.??').join(', ')}, t.version + 1 from jsonb_populate_record(t, v.patch) r)
           from unnest(?::bigint[], ?::int[], ?::jsonb[]) as v(id, version, patch)
           where t.id = v.id and t.version = v.version
           returning t.*
         ), logged as (
           insert into ticket_events (${eventColumns.map(() => '??').join(', ')})
           select ${eventColumns.map(() => 'e.??').join(', ')} from jsonb_populate_recordset(null::ticket_events, ?::jsonb) with ordinality as e
           where e.ticket_id in (select id from changed)
           order by e.ordinality
         )
         select * from changed`,
        [
          ...columns,
          ...columns,
          changes.map((c) => c.id),
          changes.map((c) => c.version),
          changes.map((c) => JSON.stringify(c.set)),
          ...eventColumns,
          ...eventColumns,
          JSON.stringify(changes.map((c) => c.event)),
        ],
      );
      return rows;
    },

    /** Of these tickets, those routing already classified since a person last dismissed an emergency on them. */
    async alreadyClassified(ids: number[]): Promise<Set<number>> {
      if (!ids.length) return new Set();
      const { rows } = await db.raw(
        `select ticket_id from ticket_events where ticket_id = any(?::bigint[]) and action in ('classify', 'not-emergency')
         group by ticket_id having count(*) filter (where action = 'classify') > count(*) filter (where action = 'not-emergency')`,
        [ids],
      );
      return new Set(rows.map((r: { ticket_id: number | string }) => Number(r.ticket_id)));
    },

    async countEvents(ticketId: number, action: string, data: Record<string, unknown> = {}): Promise<number> {
      const [{ n }] = await db('ticket_events')
        .where({ ticket_id: ticketId, action })
        .whereRaw('data @> ?::jsonb', [JSON.stringify(data)])
        .count({ n: '*' });
      return Number(n);
    },

    async insertAudit(entry: { action: string; actor_user_id: number | null; actor_api_key_id: number | null; ticket_id: number; detail: object; created_at: Date }): Promise<void> {
      await db('audit_log').insert(entry);
    },

    duplicatesOf(ticket: TicketRow, scope: ReadScope): Promise<DuplicateSuggestion[]> {
      return suggestDuplicates(db, ticket, scope);
    },

    openAtPlace(probe: DuplicateProbe, scope: ReadScope): Promise<DuplicateSuggestion[]> {
      return openTicketsAtPlace(db, probe, scope);
    },

    /** The events, oldest first, with who the actor was (a user's name and role, a partner key's name). */
    timeline(ticketId: number): Promise<TimelineEntry[]> {
      return db('ticket_events as e')
        .leftJoin('users as u', 'u.id', 'e.actor_user_id')
        .leftJoin('api_keys as k', 'k.id', 'e.actor_api_key_id')
        .where('e.ticket_id', ticketId)
        .orderBy('e.id')
        .select('e.*', 'u.username as actor_username', 'u.display_name as actor_display_name', 'u.role as actor_role', 'k.name as actor_key_name');
    },
  };
}

export type TicketsRepository = ReturnType<typeof createTicketsRepository>;
