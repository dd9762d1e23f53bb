import type { Knex } from 'knex';
import type { Db } from '../../db/knex';
import type { ListCursor, ListSort } from './ticket-list.schemas';
import type { Channel, Line, TicketStatus } from './ticket.schemas';
import type { TicketRow } from './tickets.repository';
import { openStatuses } from './transitions';

/** A list query with the caller's scope already applied (see ticket-list.routes.ts). */
export interface TicketListFilter {
  /** Only tickets of these departments; an empty list matches nothing. */
  departmentIds?: number[];
  /** Only tickets this partner key handed in. */
  createdByApiKeyId?: number;
  statuses?: TicketStatus[];
  lines?: Line[];
  channels?: Channel[];
  /** true: the department's clock runs and the reply is late; false: anything else. */
  overdue?: boolean;
  now: Date;
  q?: string;
  /** The phone's index key (phone-key.ts): the citizen's own tickets and those they joined as a caller. */
  phoneHash?: string;
  /** true: open statuses only (transitions.ts); false: ended ones only. */
  open?: boolean;
  from?: Date;
  to?: Date;
  /** created (the default): newest first; due: the running clock's due time first (see DUE_KEY). */
  sort?: ListSort;
  /** Where the previous page of the same sort ended. */
  after?: ListCursor;
  limit: number;
}

/** Statuses in which the department's reply clock runs (the same rule as the sla module's flags). */
const CLOCK_RUNNING: TicketStatus[] = ['dispatched', 'accepted'];

/**
 * Must stay character for character the expression of the trigram index `tickets_text_trgm`
 * (migrations/20261128000000_initial_schema.ts), or Postgres cannot use the index.
 */
const SEARCH_TEXT = `(coalesce(title, '') || ' ' || description)`;

/**
 * The due time of the clock a department runs now (accept while dispatched, reply once accepted, as
 * the sla module's slaClock says), 'infinity' when none runs so that those sort last. Must stay
 * character for character the expression of the indexes tickets_due and tickets_department_due
 * (migrations/20261201000000_ticket_list_due_indexes.ts), or Postgres cannot use them.
 */
const DUE_KEY = `coalesce(case status when 'dispatched' then accept_due_at when 'accepted' then reply_due_at end, 'infinity')`;

/** A cursor keeps times to the microsecond: a JS Date would round them to the millisecond. */
const cursorTime = (expr: string) => `to_char(${expr} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** LIKE treats % and _ as wildcards and \ as the escape: a citizen's "100%" is literal text. */
export function likeContaining(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function oneOrMany<T extends string | number>(q: Knex.QueryBuilder, column: string, values: T[] | undefined): void {
  if (values === undefined) return;
  // `= x` rather than `in (x)` for one value: the same plan, and easier to read in EXPLAIN.
  if (values.length === 1) q.where(column, values[0]);
  else q.whereIn(column, values);
}

/** The filter and the caller's scope: the WHERE shared by a page and the total. */
function matching(db: Db, f: TicketListFilter): Knex.QueryBuilder {
  const q = db('tickets');
  oneOrMany(q, 'department_id', f.departmentIds);
  if (f.createdByApiKeyId !== undefined) q.where('created_by_api_key_id', f.createdByApiKeyId);
  oneOrMany(q, 'status', f.statuses);
  oneOrMany(q, 'line', f.lines);
  oneOrMany(q, 'channel', f.channels);
  if (f.overdue === true) {
    q.whereIn('status', CLOCK_RUNNING).where('reply_due_at', '<', f.now);
  } else if (f.overdue === false) {
    q.where((w) => w.whereNotIn('status', CLOCK_RUNNING).orWhereNull('reply_due_at').orWhere('reply_due_at', '>=', f.now));
  }
  if (f.q !== undefined) {
    const text = f.q;
    q.where((w) =>
      w
        .whereRaw(`${SEARCH_TEXT} ilike ? escape '\\'`, [likeContaining(text)])
        .orWhere('ticket_no', text)
        // An anonymous citizen's name is never shown, so it must not be findable either.
        .orWhereRaw(`(not citizen_anonymous and citizen_name ilike ? escape '\\')`, [likeContaining(text)]),
    );
  }
  if (f.phoneHash !== undefined) {
    const key = f.phoneHash;
    q.where((w) => w.where('citizen_phone_hash', key).orWhereIn('id', (callers) => callers.from('ticket_callers').where('phone_hash', key).select('ticket_id')));
  }
  if (f.open === true) q.whereIn('status', openStatuses);
  else if (f.open === false) q.whereNotIn('status', openStatuses);
  if (f.from) q.where('created_at', '>=', f.from);
  if (f.to) q.where('created_at', '<', f.to);
  return q;
}

/**
 * The SQL of one page. Keyset pagination on (created_at, id), after the due time for sort=due: a
 * row inserted while someone pages is newer than every cursor already handed out, so it can neither
 * duplicate nor push out a row of the pages still to come (an OFFSET would). With sort=due a ticket
 * whose clock changes between pages may move past the cursor: that is the sort's nature, not a loss
 * of the keyset. Exported for the plan test and bench.
 */
export function ticketListQuery(db: Db, f: TicketListFilter): Knex.QueryBuilder {
  const q = matching(db, f).select('tickets.*', db.raw(`${cursorTime('created_at')} as cursor_at`));
  if (f.sort !== 'due') {
    if (f.after) q.whereRaw('(created_at, id) < (?::timestamptz, ?)', [f.after.createdAt, f.after.id]);
    return q.orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]).limit(f.limit + 1);
  }
  q.select(db.raw(`case when ${DUE_KEY} = 'infinity' then 'infinity' else ${cursorTime(DUE_KEY)} end as cursor_due`));
  if (f.after) {
    const { dueAt, createdAt, id } = f.after;
    if (dueAt === undefined) throw new Error('a sort=due page continues from a sort=due cursor');
    // The due time ascends but (created_at, id) descends, so no single row comparison fits. In the
    // long tail of tickets with no running clock the cursor's due time stays 'infinity', and that
    // tail is read by the (created_at, id) keyset alone; before it, `>=` bounds the index scan and the
    // rest orders the (few) tickets due at the cursor's own moment.
    if (dueAt === 'infinity') q.whereRaw(`${DUE_KEY} = 'infinity' and (created_at, id) < (?::timestamptz, ?)`, [createdAt, id]);
    else q.whereRaw(`${DUE_KEY} >= ?::timestamptz and (${DUE_KEY} > ?::timestamptz or (created_at, id) < (?::timestamptz, ?))`, [dueAt, dueAt, createdAt, id]);
  }
  return q.orderByRaw(`${DUE_KEY} asc, created_at desc, id desc`).limit(f.limit + 1);
}

export interface TicketPage {
  rows: TicketRow[];
  /** Every ticket the filter matches within the caller's scope, on all pages together. */
  total: number;
  /** Where the next page starts, or null on the last page. */
  next: ListCursor | null;
}

export function createTicketListRepository(db: Db) {
  return {
    async page(f: TicketListFilter): Promise<TicketPage> {
      if (f.departmentIds?.length === 0) return { rows: [], total: 0, next: null };
      const [found, [{ n }]]: [(TicketRow & { cursor_at: string; cursor_due?: string })[], { n: string }[]] = await Promise.all([
        ticketListQuery(db, f),
        matching(db, f).count({ n: '*' }),
      ]);
      const more = found.length > f.limit;
      const page = more ? found.slice(0, f.limit) : found;
      const last = page[page.length - 1];
      const rows = page.map((row) => {
        const ticket: Partial<typeof row> = { ...row };
        // only the last row's are needed, for the next cursor
        delete ticket.cursor_at;
        delete ticket.cursor_due;
        return ticket as TicketRow;
      });
      const next = more && last ? { createdAt: last.cursor_at, id: last.id, ...(last.cursor_due !== undefined && { dueAt: last.cursor_due }) } : null;
      return { rows, total: Number(n), next };
    },
  };
}

export type TicketListRepository = ReturnType<typeof createTicketListRepository>;
