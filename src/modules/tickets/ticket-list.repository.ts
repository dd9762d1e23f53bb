import type { Knex } from 'knex';
import type { Db } from '../../db/knex';
import type { ListCursor } from './ticket-list.schemas';
import type { Channel, Line, TicketStatus } from './ticket.schemas';
import type { TicketRow } from './tickets.repository';

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
  from?: Date;
  to?: Date;
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

/**
 * The SQL of one page, newest first. Keyset pagination on (created_at, id): a row inserted while
 * someone pages is newer than every cursor already handed out, so it can neither duplicate nor
 * push out a row of the pages still to come (an OFFSET would). Exported for the plan test and bench.
 */
export function ticketListQuery(db: Db, f: TicketListFilter): Knex.QueryBuilder {
  const q = db('tickets').select(
    'tickets.*',
    // The cursor keeps created_at to the microsecond: a JS Date would round it to the millisecond.
    db.raw(`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at`),
  );
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
    q.where((w) => w.whereRaw(`${SEARCH_TEXT} ilike ? escape '\\'`, [likeContaining(text)]).orWhere('ticket_no', text));
  }
  if (f.from) q.where('created_at', '>=', f.from);
  if (f.to) q.where('created_at', '<', f.to);
  if (f.after) q.whereRaw('(created_at, id) < (?::timestamptz, ?)', [f.after.createdAt, f.after.id]);
  return q.orderBy([
    { column: 'created_at', order: 'desc' },
    { column: 'id', order: 'desc' },
  ]).limit(f.limit + 1);
}

export interface TicketPage {
  rows: TicketRow[];
  /** Where the next page starts, or null on the last page. */
  next: ListCursor | null;
}

export function createTicketListRepository(db: Db) {
  return {
    async page(f: TicketListFilter): Promise<TicketPage> {
      if (f.departmentIds?.length === 0) return { rows: [], next: null };
      const found: (TicketRow & { cursor_at: string })[] = await ticketListQuery(db, f);
      const more = found.length > f.limit;
      const page = more ? found.slice(0, f.limit) : found;
      const last = page[page.length - 1];
      const rows = page.map((row) => {
        const ticket: Partial<typeof row> = { ...row };
        delete ticket.cursor_at; // only the last row's is needed, for the next cursor
        return ticket as TicketRow;
      });
      return { rows, next: more && last ? { createdAt: last.cursor_at, id: last.id } : null };
    },
  };
}

export type TicketListRepository = ReturnType<typeof createTicketListRepository>;
