import { z } from 'zod';
import { int4IdSchema } from '../../http/validate';
import { channels, lines } from '../tickets';

// Years a hotline's figures can be about; beyond them the database's date range and the window
// arithmetic give out (year 0 does not exist, and 9999-12-31 has no next day).
const day = z.iso.date().refine((d) => d >= '1900-01-01' && d <= '2999-12-31', 'must be a date between 1900-01-01 and 2999-12-31');

const metricsQueryFields = z.strictObject({
  window: z.enum(['today', 'month', 'year']).optional(),
  from: day.optional(),
  to: day.optional(),
  departmentId: int4IdSchema('a department id').optional(),
  line: z.enum(lines).optional(),
  channel: z.enum(channels).optional(),
});
type MetricsQueryFields = z.infer<typeof metricsQueryFields>;

const DAY_MS = 86_400_000;
/** Days from `from` to `to`, both included. */
export const daysBetween = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;

function windowOrRange() {
  return metricsQueryFields
    .refine((q) => (q.from === undefined) === (q.to === undefined), { message: 'from and to go together', path: ['to'] })
    .refine((q) => q.from === undefined || q.window === undefined, { message: 'give either window or from and to', path: ['window'] })
    .refine((q) => q.from === undefined || q.to === undefined || q.to >= q.from, { message: 'to must not be before from', path: ['to'] });
}

const withWindow = (q: MetricsQueryFields) => ({ ...q, window: q.from !== undefined ? ('custom' as const) : (q.window ?? 'today') });

/**
 * `GET /metrics`: a named window (today, this month, this year, each in Asia/Shanghai) or a custom
 * range of whole days `from`..`to` (both included); the aggregates are kept per day.
 */
export const metricsQuerySchema = windowOrRange().transform(withWindow);

export type MetricsQuery = z.infer<typeof metricsQuerySchema>;

/** The longest range `GET /metrics/daily` draws: a year, leap day included. */
export const MAX_SERIES_DAYS = 366;

/** `GET /metrics/daily`: the same window and filters, at most MAX_SERIES_DAYS days (one point each). */
export const metricsDailyQuerySchema = windowOrRange()
  .refine((q) => q.from === undefined || q.to === undefined || q.to < q.from || daysBetween(q.from, q.to) <= MAX_SERIES_DAYS, {
    message: `at most ${MAX_SERIES_DAYS} days from from to to`,
    path: ['to'],
  })
  .transform(withWindow);

// What the metrics routes answer, as zod schemas: the service's values are typed by them, the
// OpenAPI document describes the answers with them, and the suite checks each real answer.
const count = z.number().int();
const share = z.number().min(0).max(1).nullable().describe('a share from 0 to 1; null when nothing was counted (0/0)');
const perKey = z.record(z.string(), count);
const duration = z.object({ count, meanSeconds: z.number().nullable(), p90Seconds: z.number().nullable() });

/** SPEC section 8's figures, for the whole selection and for each department's league row. */
export const figuresSchema = z.object({
  intake: z.object({
    total: count,
    byChannel: perKey,
    byLine: perKey,
    byHour: z.array(count).length(24).describe('intake per Shanghai hour 0..23, added up over the days'),
    answeredOnSpot: count,
    answeredOnSpotRate: share,
  }),
  tickets: z.object({
    dispatched: count,
    open: count,
    byStatus: perKey,
    resolved: count,
    returned: count,
    redispatched: count.describe("returned tickets a dispatcher sent to another department (改派): the department's own, counted on the re-dispatch day"),
    merged: count,
    transferred110: count,
    chased: count,
    chasesPerTicket: z.number().min(0).nullable(),
  }),
  sla: z.object({
    replied: count,
    repliedOnTime: count,
    onTimeRate: share,
    accepted: count,
    acceptedOnTime: count,
    acceptOnTimeRate: share,
    atRisk: count,
    overdue: count,
    timeToAccept: duration,
    timeToReply: duration,
  }),
  survey: z.object({
    surveyed: count,
    answered: count,
    satisfied: count,
    basicallySatisfied: count,
    dissatisfied: count,
    unreachable: count,
    noConsent: count,
    satisfactionRate: share,
    resolvedRate: share,
  }),
});
export type Figures = z.infer<typeof figuresSchema>;

const windowSchema = z.object({ from: z.iso.date(), to: z.iso.date(), timeZone: z.literal('Asia/Shanghai') });
const filtersSchema = z.object({ departmentId: z.number().int().nullable(), line: z.string().nullable(), channel: z.string().nullable() });

/** A figure of the league table's ranking and how it is worked out: numerator / denominator, each a sum of figures. */
export const rankingKeySchema = z.object({
  figure: z.string().describe('the figure ranked on, e.g. sla.onTimeRate'),
  order: z.enum(['desc', 'asc']),
  numerator: z.array(z.string()),
  denominator: z.array(z.string()),
});

export const metricsSnapshotSchema = figuresSchema.extend({
  window: windowSchema,
  filters: filtersSchema,
  generatedAt: z.iso.datetime({ offset: true }),
  departments: z.array(figuresSchema.extend({ department: z.object({ id: z.number().int(), code: z.string(), name: z.string() }) })),
  ranking: z
    .object({ keys: z.array(rankingKeySchema), unratedLast: z.literal(true), tieBreak: z.literal('department.code') })
    .describe('how departments are ranked: by each key in turn; a department without a key (a rate of 0/0) after those with it; then by code'),
  routing: z
    .object({
      autoRouted: count.describe('tickets routing sent to a department by itself'),
      leftToDispatchers: count.describe('tickets routing left to the manual pool (possible emergencies not counted)'),
      autoRoutingRate: share,
      redispatched: count.describe('auto-routed tickets a dispatcher later sent elsewhere after a return (once per ticket)'),
      misrouteRate: share,
    })
    .nullable()
    .describe("routing's own record (metric-formulas.ts routingFigures); null when narrowed to a department, which routing decides before"),
});
export type MetricsSnapshot = z.infer<typeof metricsSnapshotSchema>;

/** `GET /reports/summary.json`: the period in the published table's shape (SPEC section 2). */
export const reportSchema = z.object({
  window: windowSchema,
  filters: filtersSchema,
  rows: z.array(z.object({ key: z.string(), label: z.string(), value: z.number().nullable() })),
});
export type Report = z.infer<typeof reportSchema>;

/** One day of `GET /metrics/daily`: the trend figures, worked out by the same formulas as `GET /metrics` for that day alone. */
export const dayFiguresSchema = z.object({
  day: z.iso.date(),
  intake: count,
  dispatched: count,
  replied: count,
  repliedOnTime: count,
  onTimeRate: share,
  surveyAnswered: count,
  satisfactionRate: share,
});
export type DayFigures = z.infer<typeof dayFiguresSchema>;

export const dailySeriesSchema = z.object({
  window: windowSchema,
  filters: filtersSchema,
  generatedAt: z.iso.datetime({ offset: true }),
  days: z.array(dayFiguresSchema).describe('every day of the window, oldest first, days without activity included'),
});
export type DailySeries = z.infer<typeof dailySeriesSchema>;
