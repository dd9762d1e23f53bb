import { z } from 'zod';
import { pageQuery } from '../../http/validate';

export const deliveryKinds = ['emergency', 'outcome', 'sms'] as const;
export type DeliveryKind = (typeof deliveryKinds)[number];

export const deliveryStatuses = ['pending', 'delivered', 'dead'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/** Partner names as the database allows them ('110', 'sms', 'env-bureau', ...). */
export const partnerNameSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'lower-case letters, digits, - and _, at most 32');

export const partnerParamsSchema = z.object({ name: partnerNameSchema });

/**
 * PUT replaces a partner's endpoint. The secret may be left out when the partner exists (it is
 * never shown again, so an admin switching `active` cannot be asked to resend it).
 */
export const putPartnerSchema = z.object({
  url: z.url({ protocol: /^https?$/, error: 'an http or https URL' }).max(2000),
  secret: z.string().min(16, 'at least 16 characters').max(256).optional(),
  active: z.boolean().default(true),
});
export type PutPartnerInput = z.infer<typeof putPartnerSchema>;

export const deliveriesQuerySchema = z.object({
  status: z.enum(deliveryStatuses).optional(),
  partner: partnerNameSchema.optional(),
  ticketId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: pageQuery.offset,
});
export type DeliveriesQuery = z.infer<typeof deliveriesQuerySchema>;

export const deliveryParamsSchema = z.object({ id: z.coerce.number().int().positive() });

export const partnerListQuery = z.strictObject({ ...pageQuery });

const iso = z.iso.datetime({ offset: true });

/** A partner as admins see it: never the secret. */
export const partnerSchema = z.object({ name: z.string(), url: z.string(), active: z.boolean(), createdAt: iso, updatedAt: iso });
export const partnerList = z.object({ partners: z.array(partnerSchema), total: z.number().int() });
export const partnerAnswer = z.object({ partner: partnerSchema });

/** A delivery as admins and supervisors see it, without its payload (partners.service.ts deliveryView says why). */
export const deliveryViewSchema = z.object({
  id: z.number().int(),
  partner: z.string(),
  ticketId: z.number().int().nullable(),
  kind: z.enum(deliveryKinds),
  status: z.enum(deliveryStatuses),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  lastStatusCode: z.number().int().nullable(),
  nextAttemptAt: iso.nullable().describe('only while pending'),
  createdAt: iso,
  deliveredAt: iso.nullable(),
  deadAt: iso.nullable(),
  ack: z.unknown().describe("the partner's JSON acknowledgement, null before it"),
});
export type DeliveryView = z.infer<typeof deliveryViewSchema>;
export const deliveryList = z.object({ deliveries: z.array(deliveryViewSchema), total: z.number().int().describe('every delivery matching the filters') });
export const deliveryAnswer = z.object({ delivery: deliveryViewSchema });
