import { z } from 'zod';
import { int4IdSchema } from '../../http/validate';
import { channels, lines } from '../tickets';

// Years a hotline's figures can be about; beyond them the database's date range and the window
// arithmetic give out (year 0 does not exist, and 9999-12-31 has no next day).
const day = z.iso.date().refine((d) => d >= '1900-01-01' && d <= '2999-12-31', 'must be a date between 1900-01-01 and 2999-12-31');

/**
 * `GET /metrics`: a named window (today, this month, this year, each in Asia/Shanghai) or a custom
 * range of whole days `from`..`to` (both included); the aggregates are kept per day.
 */
export const metricsQuerySchema = z
  .strictObject({
    window: z.enum(['today', 'month', 'year']).optional(),
    from: day.optional(),
    to: day.optional(),
    departmentId: int4IdSchema('a department id').optional(),
    line: z.enum(lines).optional(),
    channel: z.enum(channels).optional(),
  })
  .refine((q) => (q.from === undefined) === (q.to === undefined), { message: 'from and to go together', path: ['to'] })
  .refine((q) => q.from === undefined || q.window === undefined, { message: 'give either window or from and to', path: ['window'] })
  .refine((q) => q.from === undefined || q.to === undefined || q.to >= q.from, { message: 'to must not be before from', path: ['to'] })
  .transform((q) => ({ ...q, window: q.from !== undefined ? ('custom' as const) : (q.window ?? 'today') }));

export type MetricsQuery = z.infer<typeof metricsQuerySchema>;
