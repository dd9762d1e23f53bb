import { z } from 'zod';
import { shanghaiTime } from '../../shared/shanghai-time';
import { channels, clockKinds, lines, phoneSchema, ticketStatuses, ticketTypes, urgencies, type Channel, type ClockKind, type Line, type TicketStatus, type TicketType, type Urgency } from './ticket.schemas';

export const DEFAULT_LIST_LIMIT = 50;
export const MAX_LIST_LIMIT = 200;

export const listSorts = ['created', 'due', 'pool'] as const;
export type ListSort = (typeof listSorts)[number];

/**
 * Where the previous page ended: created_at to the microsecond (as Postgres has it) and the id; for
 * sort=due also the row's due time ('infinity' for a ticket with no running clock, which sorts last).
 */
export interface ListCursor {
  createdAt: string;
  id: number;
  dueAt?: string;
  /** sort=pool: 0 for a possible emergency (first), 1 for the rest. */
  rank?: number;
}

/** Which sort a cursor was given out for. */
export function sortOfCursor(c: ListCursor): ListSort {
  return c.dueAt !== undefined ? 'due' : c.rank !== undefined ? 'pool' : 'created';
}

const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const isCursorTime = (v: unknown): v is string => typeof v === 'string' && CURSOR_TIME.test(v) && !Number.isNaN(Date.parse(v));

/** Opaque to clients: base64url of `[createdAt, id]` (sort=created), `['due', dueAt, createdAt, id]` or `['pool', rank, createdAt, id]`. */
export function encodeCursor(c: ListCursor): string {
  const value = c.dueAt !== undefined ? ['due', c.dueAt, c.createdAt, c.id] : c.rank !== undefined ? ['pool', c.rank, c.createdAt, c.id] : [c.createdAt, c.id];
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeCursor(raw: string): ListCursor | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(raw)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(value)) return undefined;
  const due = value.length === 4 && value[0] === 'due';
  const pool = value.length === 4 && value[0] === 'pool';
  if (!due && !pool && value.length !== 2) return undefined;
  const [createdAt, id] = (due || pool ? value.slice(2) : value) as unknown[];
  if (!isCursorTime(createdAt)) return undefined;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) return undefined;
  if (pool) return value[1] === 0 || value[1] === 1 ? { createdAt, id, rank: value[1] } : undefined;
  if (!due) return { createdAt, id };
  const dueAt: unknown = value[1];
  return dueAt === 'infinity' || isCursorTime(dueAt) ? { createdAt, id, dueAt } : undefined;
}

/** A comma-separated list of known values (`status=dispatched,accepted`). */
function csvOf<T extends string>(allowed: readonly T[], what: string) {
  return z.string().transform((raw, ctx): T[] => {
    const items = [...new Set(raw.split(',').map((s) => s.trim()).filter(Boolean))];
    const unknown = items.filter((i) => !(allowed as readonly string[]).includes(i));
    if (unknown.length) {
      ctx.addIssue({ code: 'custom', message: `unknown ${what} ${unknown.join(', ')}; expected any of ${allowed.join(', ')}` });
      return z.NEVER;
    }
    return items as T[];
  });
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const isoDateTime = z.iso.datetime({ offset: true });

/** A date is midnight in Shanghai (where the hotline's days are); a date-time must carry its offset. */
const instant = z.string().transform((raw, ctx) => {
  if (DATE_ONLY.test(raw)) {
    try {
      return shanghaiTime(raw, 0, 0);
    } catch {
      // falls through to the message below: e.g. 2017-02-30
    }
  } else if (isoDateTime.safeParse(raw).success) {
    return new Date(raw);
  }
  ctx.addIssue({ code: 'custom', message: 'must be a date (2017-03-20, Shanghai midnight) or a date-time with offset (2017-03-20T08:00:00+08:00)' });
  return z.NEVER;
});

const positiveInt = (message: string) => z.string().regex(/^\d{1,9}$/, message).transform(Number);

const LISTS = new Set(['status', 'line', 'channel', 'type', 'urgency']);

/** A marker filter: `true` narrows the list to the marked tickets; leaving it out lists all. */
const onlyTrue = (what: string) =>
  z
    .literal('true', { message: 'must be true (leave it out for all tickets)' })
    .transform((): true => true)
    .optional()
    .describe(what);

/**
 * Query values arrive as strings, or arrays when a parameter is repeated: an empty value means
 * "not given" (forms send `status=`), and a repeated list parameter joins into one comma list.
 */
function normaliseQuery(raw: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
    if (value === '') continue;
    out[key] = Array.isArray(value) && LISTS.has(key) ? value.join(',') : value;
  }
  return out;
}

/**
 * The query of `GET /tickets`, as the router parses it (a 400 names every bad parameter, unknown ones
 * included: a misspelt filter must not silently widen the list); also the OpenAPI document's
 * description of it (input side).
 */
export function ticketListQuerySchema(isDepartment: (id: number) => boolean, known: { category(code: string): boolean; district(code: string): boolean } = { category: () => true, district: () => true }) {
  const query = z
    .strictObject({
      status: csvOf(ticketStatuses, 'status').optional().describe(`One or more statuses, comma-separated: ${ticketStatuses.join(', ')}`),
      departmentId: positiveInt('must be a department id')
        .refine((id) => isDepartment(id), { message: 'no such department' })
        .optional()
        .describe("A department id: its tickets and its sub-units', within what the caller may see"),
      line: csvOf(lines, 'line').optional().describe(`One or more lines, comma-separated: ${lines.join(', ')}`),
      channel: csvOf(channels, 'channel').optional().describe(`One or more channels, comma-separated: ${channels.join(', ')}`),
      overdue: z
        .enum(['true', 'false'], { message: 'must be true or false' })
        .transform((v) => v === 'true')
        .optional()
        .describe('true: the running clock (accept while dispatched, reply once accepted) is past its due time; false: all others'),
      atRisk: onlyTrue('true: the running clock has used 80% of its time and is not yet due'),
      clock: csvOf(clockKinds, 'clock')
        .optional()
        .describe('One or both department clocks, comma-separated: accept (tickets waiting to be accepted), reply (accepted tickets waiting for the reply); both: the work in hand, whichever clock runs'),
      emergency: onlyTrue('true: possible emergencies waiting for a decision (transfer to 110 or not an emergency)'),
      pendingExtension: onlyTrue('true: an extension request waits for a supervisor'),
      reopened: onlyTrue('true: reopened by a supervisor or after a dissatisfied survey'),
      escalated: onlyTrue('true: a second dissatisfied survey escalated it to supervisors'),
      deliveryFailed: onlyTrue('true: a message to a partner (110, SMS) failed for good (dead letter)'),
      withdrawRequested: onlyTrue("true: a citizen's withdraw request waits for a decision (dismiss-withdrawal, or cancel)"),
      categoryCode: z
        .string()
        .max(100)
        .refine((code) => known.category(code), { message: 'no such category' })
        .optional()
        .describe('A category code: that category and its sub-categories'),
      districtCode: z
        .string()
        .max(50)
        .refine((code) => known.district(code), { message: 'no such district' })
        .optional()
        .describe('A district code (e.g. 310104)'),
      type: csvOf(ticketTypes, 'type').optional().describe(`One or more request types, comma-separated: ${ticketTypes.join(', ')}`),
      urgency: csvOf(urgencies, 'urgency').optional().describe(`One or more urgencies, comma-separated: ${urgencies.join(', ')}`),
      q: z
        .string()
        .trim()
        .min(1)
        .max(100, 'must be at most 100 characters')
        .optional()
        .describe("Text in the title or description (Chinese substrings work), the citizen's name (not of anonymous citizens), or an exact ticket number"),
      phone: phoneSchema.optional().describe("A caller's full phone number: tickets they reported or were attached to as a caller (exact match, looked up by its keyed hash)"),
      open: z
        .enum(['true', 'false'], { message: 'must be true or false' })
        .transform((v) => v === 'true')
        .optional()
        .describe('true: still being worked on (pending dispatch, dispatched, accepted, returned, replied); false: ended'),
      from: instant.optional().describe('Created at or after: a date (Shanghai midnight) or a date-time with offset'),
      to: instant.optional().describe('Created before: a date (Shanghai midnight) or a date-time with offset'),
      limit: positiveInt(`must be an integer from 1 to ${MAX_LIST_LIMIT}`)
        .refine((n) => n >= 1 && n <= MAX_LIST_LIMIT, { message: `must be an integer from 1 to ${MAX_LIST_LIMIT}` })
        .default(DEFAULT_LIST_LIMIT)
        .describe(`Page size, 1 to ${MAX_LIST_LIMIT}, default ${DEFAULT_LIST_LIMIT}`),
      sort: z
        .enum(listSorts, { message: `must be one of ${listSorts.join(', ')}` })
        .default('created')
        .describe(
          "created (default): newest first. due: the running clock's due time (accept while dispatched, reply once accepted), soonest and most overdue first; tickets with no running clock last, newest first. pool: possible emergencies first, then the longest waiting",
        ),
      cursor: z
        .string()
        .transform((raw, ctx) => {
          const cursor = decodeCursor(raw);
          if (!cursor) {
            ctx.addIssue({ code: 'custom', message: 'is not a cursor this API gave out (use nextCursor as is)' });
            return z.NEVER;
          }
          return cursor;
        })
        .optional()
        .describe("The previous page's nextCursor, with the same sort"),
    })
    .refine((q) => !q.from || !q.to || q.from < q.to, { message: 'must be after from', path: ['to'] })
    .refine((q) => !q.cursor || sortOfCursor(q.cursor) === q.sort, { message: 'was given out for another sort', path: ['cursor'] });
  return z.preprocess(normaliseQuery, query);
}

export type TicketListQuerySchema = ReturnType<typeof ticketListQuerySchema>;

export interface TicketListQuery {
  status?: TicketStatus[];
  departmentId?: number;
  line?: Line[];
  channel?: Channel[];
  overdue?: boolean;
  atRisk?: true;
  clock?: ClockKind[];
  emergency?: true;
  pendingExtension?: true;
  reopened?: true;
  escalated?: true;
  deliveryFailed?: true;
  withdrawRequested?: true;
  categoryCode?: string;
  districtCode?: string;
  type?: TicketType[];
  urgency?: Urgency[];
  q?: string;
  phone?: string;
  open?: boolean;
  from?: Date;
  to?: Date;
  sort: ListSort;
  limit: number;
  cursor?: ListCursor;
}
