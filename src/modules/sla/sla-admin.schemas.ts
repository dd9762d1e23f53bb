import { z } from 'zod';
import { int4IdSchema, pageQuery } from '../../http/validate';
import type { CategoryCatalog } from '../categories';
import { ticketTypes, urgencies } from '../tickets';

/**
 * Upper bounds per unit: generous for any real time limit, but they stop a typo (500 working days
 * instead of 5) from parking tickets for years. Statutory caps: extensions at most 10 working days.
 */
const MAX_AMOUNT = { minutes: 10_080, hours: 720, working_days: 60 } as const;
const units = ['minutes', 'hours', 'working_days'] as const;

const duration = z
  .strictObject({
    amount: z.number().int().positive(),
    unit: z.enum(units),
  })
  .refine((d) => d.amount <= MAX_AMOUNT[d.unit], {
    message: `at most ${MAX_AMOUNT.minutes} minutes, ${MAX_AMOUNT.hours} hours or ${MAX_AMOUNT.working_days} working days`,
    path: ['amount'],
  });

/**
 * A policy as admins write it (POST, and PUT which replaces the whole policy: fields left out take
 * their defaults). Built at registration time, when the tickets module's vocabularies are loaded.
 */
export function slaPolicyBodySchema(catalog: CategoryCatalog) {
  return z.strictObject({
    name: z.string().trim().min(1).max(100),
    // null matches any value; the most specific matching policy wins (sla.service.ts matchPolicy).
    type: z.enum(ticketTypes).nullable().default(null),
    urgency: z.enum(urgencies).nullable().default(null),
    categoryCode: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .refine((code) => catalog.getByCode(code) !== undefined, { message: 'no such category in the catalog' })
      .nullable()
      .default(null),
    accept: duration,
    reply: duration,
    returnWindowWorkingDays: z.number().int().min(0).max(10).default(2),
    maxExtensionWorkingDays: z.number().int().min(0).max(10).default(10),
    active: z.boolean().default(true),
  });
}

export type SlaPolicyInput = z.infer<ReturnType<typeof slaPolicyBodySchema>>;

export const policyListQuery = z.strictObject({ ...pageQuery });

const iso = z.iso.datetime({ offset: true });
const durationView = z.object({ amount: z.number().int(), unit: z.enum(units) });

/** A policy as the API answers it (every read and write). */
export const slaPolicyView = z.object({
  id: z.number().int(),
  name: z.string(),
  type: z.string().nullable(),
  urgency: z.string().nullable(),
  categoryCode: z.string().nullable(),
  accept: durationView,
  reply: durationView,
  returnWindowWorkingDays: z.number().int(),
  maxExtensionWorkingDays: z.number().int(),
  active: z.boolean(),
  updatedAt: iso,
});
export const slaPolicyList = z.object({ policies: z.array(slaPolicyView), total: z.number().int() });

export const policyParamsSchema = z.object({ id: int4IdSchema('a policy id') });

const year = z.string().regex(/^\d{4}$/, 'must be a year such as 2027').transform(Number).pipe(z.number().min(2000, 'must be 2000 or later').max(2100, 'must be 2100 or earlier'));

export const calendarQuerySchema = z.strictObject({ year });

export const overridesQuerySchema = z.strictObject({ year: year.optional(), ...pageQuery });

// The years the working calendar covers (like `year` above): PostgreSQL has no year 0, and no SLA clock runs in 9999.
export const overrideParamsSchema = z.object({
  date: z.iso
    .date({ message: 'must be a date such as 2027-02-10' })
    .refine((d) => Number(d.slice(0, 4)) >= 2000 && Number(d.slice(0, 4)) <= 2100, 'must be a date in the years 2000 to 2100'),
});

export const overrideBodySchema = z.strictObject({
  working: z.boolean(),
  note: z.string().trim().max(200).default(''),
});
export type OverrideInput = z.infer<typeof overrideBodySchema>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const calendarOverrideView = z.object({ date: isoDate, working: z.boolean(), note: z.string(), updatedAt: iso });
export const calendarOverrideList = z.object({ overrides: z.array(calendarOverrideView), total: z.number().int() });

const calendarDay = z.object({ date: isoDate, source: z.enum(['official', 'override']), note: z.string().nullable() });

/** The year as the SLA clocks see it (sla-admin.routes.ts calendarYear). */
export const calendarYearView = z.object({
  year: z.number().int(),
  officialCalendarPublished: z.boolean().describe("false: the State Council's calendar for the year is not known yet, admins must add its holidays"),
  daysOff: z.array(calendarDay).describe('weekdays that are off'),
  makeUpWorkingDays: z.array(calendarDay).describe('weekend days that are working days (调休)'),
  overrides: z.array(calendarOverrideView).describe("every override of the year"),
});
