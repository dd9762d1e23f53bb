import { z } from 'zod';
import { channels, lines } from '../tickets';

const day = z.iso.date();

/**
 * `GET /metrics`: a named window (today, this month, this year, each in Asia/Shanghai) or a custom
 * range of whole days `from`..`to` (both included); the aggregates are kept per day.
 */
export const metricsQuerySchema = z
  .strictObject({
    window: z.enum(['today', 'month', 'year']).optional(),
    from: day.optional(),
    to: day.optional(),
    departmentId: z.coerce.number().int().positive().optional(),
    line: z.enum(lines).optional(),
    channel: z.enum(channels).optional(),
  })
  .refine((q) => (q.from === undefined) === (q.to === undefined), { message: 'from and to go together', path: ['to'] })
  .refine((q) => q.from === undefined || q.window === undefined, { message: 'give either window or from and to', path: ['window'] })
  .refine((q) => q.from === undefined || q.to === undefined || q.to >= q.from, { message: 'to must not be before from', path: ['to'] })
  .transform((q) => ({ ...q, window: q.from !== undefined ? ('custom' as const) : (q.window ?? 'today') }));

export type MetricsQuery = z.infer<typeof metricsQuerySchema>;
