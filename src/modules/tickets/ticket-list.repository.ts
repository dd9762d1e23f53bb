import type { Knex } from 'knex';
import type { Db } from '../../db/knex';
import type { ListCursor, ListSort } from './ticket-list.schemas';
import type { Channel, ClockKind, Line, TicketStatus, TicketType, Urgency } from './ticket.schemas';
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
  /** true: the running clock (accept or reply) is past its due time; false: anything else. */
  overdue?: boolean;
  /** Only tickets whose running clock is at risk (80% passed, not yet due). */
  atRisk?: true;
  /** Only tickets running one of these clocks: accept (dispatched), reply (accepted). */
  clock?: ClockKind[];
  /** Markers: a possible emergency waiting for a decision, an extension to decide, reopened, an escalated survey, a dead partner delivery. */
  emergency?: true;
  pendingExtension?: true;
  reopened?: true;
  escalated?: true;
  deliveryFailed?: true;
  /** A citizen's withdraw request waits for a dispatcher's decision (index tickets_withdraw_requested). */
  withdrawRequested?: true;
  /** A category and its sub-categories (ids), a district, request types, urgencies. */
  categoryIds?: number[];
  districtId?: number;
  types?: TicketType[];
  urgencies?: Urgency[];
  now: Date;
  q?: string;
  /** The phone's index key (phone-key.ts): the citizen's own tickets and those they joined as a caller. */
  phoneHash?: string;
  /** true: open statuses only (transitions.ts openStatuses); false: ended ones only. */
  open?: boolean;
  from?: Date;
  to?: Date;
  /** created (the default): newest first; due: the running clock's due time first (RunningClockSql.runningDue). */
  sort?: ListSort;
  /** Where the previous page of the same sort ended. */
  after?: ListCursor;
  limit: number;
}

/**
 * Must stay character for character the expression of the trigram index `tickets_text_trgm`
 * (migrations/20261128000000_initial_schema.ts), or Postgres cannot use the index.
 */
const SEARCH_TEXT = `(coalesce(title, '') || ' ' || description)`;

/**
 * The sla module's running-clock rules in SQL (`slaSql` in sla-rules.ts), handed in by whoever builds
 * the list so that tickets does not import sla (which reacts to tickets).
 */
export interface RunningClockSql {
  /** The due time of the clock a department runs now, 'infinity' when none runs; the expression of the due indexes. */
  runningDue: string;
  /** The at-risk moment of a due-time expression. */
  riskAt(due: string): string;
  /** The status in which each clock runs. */
  clockStatus: Readonly<Record<ClockKind, TicketStatus>>;
}

/**
 * The pool's order (sort=pool): possible emergencies first, then the longest waiting. Must stay
 * character for character the expression of the index tickets_pool
 * (migrations/20261201100000_sla_verdicts_queues_emergencies.ts).
 */
const POOL_RANK = `(case when emergency_kind is null then 1 else 0 end)`;

/** Above this many matches a total is counted no further (and said so): an exact count of millions costs more than the page. */
export const TOTAL_CAP = 10_000;

/**
 * The most a total may cost. A filter whose matches are few among many rows an index cannot skip
 * (a department's urgent complaints among its 500,000 tickets) would scan far to count 10,000; past
 * this budget the count is given up and the total is the lower bound the page itself proves.
 */
export const TOTAL_BUDGET_MS = 50;

/** Postgres's code for a statement cancelled by statement_timeout. */
const QUERY_CANCELED = '57014';

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
function matching(db: Db, clocks: RunningClockSql, f: TicketListFilter): Knex.QueryBuilder {
  const q = db('tickets');
  const due = clocks.runningDue;
  oneOrMany(q, 'department_id', f.departmentIds);
  if (f.createdByApiKeyId !== undefined) q.where('created_by_api_key_id', f.createdByApiKeyId);
  oneOrMany(q, 'status', f.statuses);
  oneOrMany(q, 'line', f.lines);
  oneOrMany(q, 'channel', f.channels);
  // The running due time is 'infinity' when no clock runs: such tickets are never overdue nor at risk.
  if (f.overdue === true) q.whereRaw(`${due} < ?`, [f.now]);
  else if (f.overdue === false) q.whereRaw(`${due} >= ?`, [f.now]);
  if (f.atRisk) q.whereRaw(`${due} >= ? and ${due} < 'infinity' and ${clocks.riskAt(due)} <= ?`, [f.now, f.now]);
  if (f.clock) q.whereIn('status', f.clock.map((k) => clocks.clockStatus[k]));
  if (f.emergency) q.whereNotNull('emergency_kind');
  if (f.pendingExtension) q.whereNotNull('pending_extension_days');
  if (f.reopened) q.whereNotNull('reopened_at');
  if (f.escalated) q.whereIn('id', db('surveys').where('escalated', true).select('ticket_id'));
  if (f.withdrawRequested) q.whereNotNull('withdraw_requested_at');
  if (f.deliveryFailed) q.whereIn('id', db('partner_deliveries').where('status', 'dead').whereNotNull('ticket_id').select('ticket_id'));
  oneOrMany(q, 'category_id', f.categoryIds);
  if (f.districtId !== undefined) q.where('district_id', f.districtId);
  oneOrMany(q, 'type', f.types);
  oneOrMany(q, 'urgency', f.urgencies);
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
export function ticketListQuery(db: Db, clocks: RunningClockSql, f: TicketListFilter): Knex.QueryBuilder {
  const DUE_KEY = clocks.runningDue;
  const q = matching(db, clocks, f).select('tickets.*', db.raw(`${cursorTime('created_at')} as cursor_at`));
  if (f.sort === 'pool') {
    q.select(db.raw(`${POOL_RANK} as cursor_rank`));
    if (f.after) q.whereRaw(`(${POOL_RANK}, created_at, id) > (?, ?::timestamptz, ?)`, [f.after.rank ?? 1, f.after.createdAt, f.after.id]);
    return q.orderByRaw(`${POOL_RANK} asc, created_at asc, id asc`).limit(f.limit + 1);
  }
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
  /** Every ticket the filter matches within the caller's scope, on all pages together (at most TOTAL_CAP). */
  total: number;
  /** True when more than TOTAL_CAP match: `total` is then TOTAL_CAP, a lower bound. */
  totalCapped: boolean;
  /** Where the next page starts, or null on the last page. */
  next: ListCursor | null;
}

/** Matches up to TOTAL_CAP + 1, or null when counting them would take longer than TOTAL_BUDGET_MS. */
async function countWithin(db: Db, clocks: RunningClockSql, f: TicketListFilter): Promise<number | null> {
  try {
    return await db.transaction(async (tx) => {
      await tx.raw(`set local statement_timeout = ${TOTAL_BUDGET_MS}`);
      const [{ n }] = await tx.from(matching(tx, clocks, f).select(tx.raw('1')).limit(TOTAL_CAP + 1).as('matched')).count({ n: '*' });
      return Number(n);
    });
  } catch (err) {
    if ((err as { code?: string }).code === QUERY_CANCELED) return null;
    throw err;
  }
}

type ListedRow = TicketRow & { cursor_at: string; cursor_due?: string; cursor_rank?: number };

/** Where the next page starts after this row, in the sort the row was read in. */
function cursorAfter(last: ListedRow): ListCursor {
  return {
    createdAt: last.cursor_at,
    id: last.id,
    ...(last.cursor_due !== undefined && { dueAt: last.cursor_due }),
    ...(last.cursor_rank !== undefined && { rank: Number(last.cursor_rank) }),
  };
}

/** Rows read per query by `each`: a walk over any number of tickets holds one batch in memory. */
const WALK_BATCH = 1000;

export function createTicketListRepository(db: Db, clocks: RunningClockSql) {
  return {
    /** Every ticket the filter matches, in the list's order, a batch at a time along the list's own keyset (exports). */
    async *each(filter: Omit<TicketListFilter, 'limit' | 'after'>): AsyncGenerator<TicketRow> {
      if (filter.departmentIds?.length === 0 || filter.categoryIds?.length === 0) return;
      let after: ListCursor | undefined;
      for (;;) {
        const rows: ListedRow[] = await ticketListQuery(db, clocks, { ...filter, after, limit: WALK_BATCH });
        const page = rows.slice(0, WALK_BATCH);
        yield* page;
        if (rows.length <= WALK_BATCH) return;
        after = cursorAfter(page[page.length - 1]);
      }
    },

    async page(f: TicketListFilter): Promise<TicketPage> {
      if (f.departmentIds?.length === 0 || f.categoryIds?.length === 0) return { rows: [], total: 0, totalCapped: false, next: null };
      const [found, counted]: [ListedRow[], number | null] = await Promise.all([ticketListQuery(db, clocks, f), countWithin(db, clocks, f)]);
      const more = found.length > f.limit;
      const page = more ? found.slice(0, f.limit) : found;
      const last = page[page.length - 1];
      const rows = page.map((row) => {
        const ticket: Partial<typeof row> = { ...row };
        // only the last row's are needed, for the next cursor
        delete ticket.cursor_at;
        delete ticket.cursor_due;
        delete ticket.cursor_rank;
        return ticket as TicketRow;
      });
      const next = more && last ? cursorAfter(last) : null;
      if (counted === null) return { rows, total: found.length, totalCapped: true, next };
      return { rows, total: Math.min(counted, TOTAL_CAP), totalCapped: counted > TOTAL_CAP, next };
    },
  };
}

export type TicketListRepository = ReturnType<typeof createTicketListRepository>;
