import { z } from 'zod';

export const lines = ['12345', '12369', '110'] as const;
export const channels = ['phone', 'web', 'app', 'wechat', 'email', 'transfer'] as const;
export const ticketTypes = ['consult', 'help', 'complaint', 'report', 'suggestion', 'praise'] as const;
export const urgencies = ['normal', 'urgent', 'critical'] as const;
/** The two department clocks (SPEC section 6): accepting, then replying. Their rules are the sla module's (sla-rules.ts). */
export const clockKinds = ['accept', 'reply'] as const;
export const ticketStatuses = [
  'answered',
  'pending_dispatch',
  'dispatched',
  'accepted',
  'returned',
  'replied',
  'closed',
  'merged',
  'transferred_110',
  'cancelled',
] as const;

export type Line = (typeof lines)[number];
export type Channel = (typeof channels)[number];
export type TicketType = (typeof ticketTypes)[number];
export type Urgency = (typeof urgencies)[number];
export type ClockKind = (typeof clockKinds)[number];
export type TicketStatus = (typeof ticketStatuses)[number];

/** Mainland mobile or landline numbers, digits with optional +86, spaces or dashes. */
export const phoneSchema = z
  .string()
  .trim()
  .transform((s) => s.replace(/[\s-]/g, '').replace(/^\+?86/, ''))
  .pipe(z.string().regex(/^\d{7,12}$/, 'must be a phone number of 7 to 12 digits'));

export const citizenSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  phone: phoneSchema.optional(),
  anonymous: z.boolean().default(false),
  callbackConsent: z.boolean().default(true),
});

export const locationSchema = z
  .strictObject({
    districtCode: z.string().regex(/^3101\d\d$/, 'must be a Shanghai district code such as 310104').optional(),
    street: z.string().trim().max(100).optional(),
    address: z.string().trim().max(300).optional(),
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
  })
  .refine((l) => (l.lat === undefined) === (l.lng === undefined), {
    message: 'lat and lng must be given together',
    path: ['lat'],
  });

export const createTicketSchema = z.strictObject({
  line: z.enum(lines),
  channel: z.enum(channels),
  type: z.enum(ticketTypes),
  description: z.string().trim().min(1).max(4000),
  categoryCode: z.string().trim().min(1).max(100).optional(),
  urgency: z.enum(urgencies).default('normal'),
  title: z.string().trim().min(1).max(200).optional(),
  citizen: citizenSchema.optional(),
  location: locationSchema.optional(),
  externalRef: z.string().trim().min(1).max(100).optional(),
  answeredOnSpot: z.strictObject({ answer: z.string().trim().min(1).max(4000) }).optional(),
});
export type CreateTicketInput = z.infer<typeof createTicketSchema>;

/** The public web form: the citizen cannot choose the channel, hand over from 110 or answer itself. */
export const publicCreateTicketSchema = z.strictObject({
  line: z.enum(['12345', '12369']).default('12345'),
  type: z.enum(ticketTypes),
  description: z.string().trim().min(1).max(4000),
  categoryCode: z.string().trim().min(1).max(100).optional(),
  title: z.string().trim().min(1).max(200).optional(),
  citizen: citizenSchema
    .required({ phone: true })
    .describe('A phone number is needed to track the request and for the callback'),
  location: locationSchema.optional(),
});
export type PublicCreateTicketInput = z.infer<typeof publicCreateTicketSchema>;

export const idempotencyKeySchema = z.string().trim().min(1).max(200).optional();

export const ticketNoSchema = z.string().regex(/^\d{8}-\d{6,}$/, 'must be a ticket number such as 20170320-000123');

/** A ticket's id (digits only: "1e5" or " 7" are not ids) or its number. */
export const ticketRefSchema = z.union([
  ticketNoSchema,
  z
    .string()
    .regex(/^[1-9]\d{0,14}$/, 'must be a ticket id or a ticket number such as 20170320-000123')
    .transform(Number),
]);

export const publicTrackQuerySchema = z.strictObject({
  phone4: z.string().regex(/^\d{4}$/, 'must be the last 4 digits of the phone number'),
});

const coordinate = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d{1,3}(\.\d{1,10})?$/, 'must be a decimal number')
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`);

/** `GET /tickets/similar`: what the operator has typed so far about the place and the matter. */
export const similarQuerySchema = z
  .strictObject({
    categoryCode: z.string().trim().min(1).max(100).optional().describe('Only tickets of this category (leave out while none is chosen)'),
    address: z.string().trim().min(1).max(300).optional().describe('Compared after normalisation (spaces, punctuation, full-width digits)'),
    lat: coordinate(-90, 90).optional(),
    lng: coordinate(-180, 180).optional(),
  })
  .refine((q) => (q.lat === undefined) === (q.lng === undefined), { message: 'lat and lng must be given together', path: ['lat'] })
  .refine((q) => q.address !== undefined || q.lat !== undefined, { message: 'give an address, or lat and lng', path: ['address'] });
export type SimilarQuery = z.infer<typeof similarQuerySchema>;
