import { z } from 'zod';
import { phoneSchema } from '../tickets';

/**
 * The GeoReport v2 parameters, checked at the edge. Field names are the specification's, so a
 * failing field is named as the client sent it. "Optional" there means an empty parameter is the
 * same as an absent one, hence `blankToUndefined` everywhere.
 */

const blankToUndefined = (v: unknown) => (v === '' || v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v);

const optionalText = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max).optional());

const optionalNumber = (min: number, max: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: 'must be a number' }).min(min).max(max).optional(),
  );

/** `attribute[code]=value`, or `attribute[code][]=v1&attribute[code][]=v2` for a multivaluelist. */
const attributeValue = z.union([z.string().max(1000), z.array(z.string().max(1000)).max(50)]);

export const postRequestSchema = z
  .object({
    service_code: z.preprocess(blankToUndefined, z.string({ error: 'service_code is required' }).trim().max(100)),
    lat: optionalNumber(-90, 90),
    long: optionalNumber(-180, 180),
    address_string: optionalText(300),
    address_id: optionalText(100),
    email: z.preprocess(blankToUndefined, z.email().max(200).optional()),
    device_id: optionalText(200),
    account_id: optionalText(200),
    first_name: optionalText(50),
    last_name: optionalText(50),
    // The tickets module's phone rule, so that the ticket made from the request takes it as it is.
    phone: z.preprocess(blankToUndefined, phoneSchema.optional()),
    description: z.preprocess(blankToUndefined, z.string().trim().max(4000, 'must be at most 4000 characters').optional()),
    media_url: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }).max(1000).optional()),
    attribute: z.preprocess(blankToUndefined, z.record(z.string(), attributeValue).optional()),
  })
  .refine((r) => (r.lat === undefined) === (r.long === undefined), { message: 'lat and long must be sent together', path: ['lat'] })
  .refine((r) => r.lat !== undefined || r.address_string !== undefined || r.address_id !== undefined, {
    message: 'a location is required: lat and long, address_string or address_id',
    path: ['location'],
  });
export type PostRequestInput = z.infer<typeof postRequestSchema>;

/** "a,b,c", or the parameter repeated, as a list; empty means not given. */
const commaList = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => {
    const joined = Array.isArray(v) ? v.join(',') : v;
    if (typeof joined !== 'string') return joined;
    const parts = joined.split(',').map((s) => s.trim()).filter(Boolean);
    return parts.length ? parts : undefined;
  }, z.array(item).max(1000).optional());

const SHANGHAI_OFFSET = '+08:00';

/** A W3C date-time with a zone (2010-01-01T00:00:00Z), or a bare date taken in Asia/Shanghai. */
const w3Date = (endOfDay: boolean) =>
  z.preprocess(
    blankToUndefined,
    z
      .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'must be a W3C date-time with a zone, e.g. 2026-11-01T00:00:00+08:00' })
      .transform((s) => {
        if (s.includes('T')) return new Date(s);
        const midnight = new Date(`${s}T00:00:00${SHANGHAI_OFFSET}`);
        return endOfDay ? new Date(midnight.getTime() + 86_400_000 - 1) : midnight;
      })
      .optional(),
  );

export const listRequestsQuerySchema = z.object({
  service_request_id: commaList(z.string().regex(/^\d{8}-\d{6,}$/, 'must be a request id such as 20261128-000123')),
  service_code: commaList(z.string().max(100)),
  start_date: w3Date(false),
  end_date: w3Date(true),
  status: commaList(z.enum(['open', 'closed'], { error: 'must be open or closed' })),
});
export type ListRequestsQuery = z.infer<typeof listRequestsQuerySchema>;

/** A resource name with its format suffix, e.g. `services.json` or `ENV.NOISE.SOCIAL.xml`. */
export const formats = ['xml', 'json'] as const;
export type Format = (typeof formats)[number];

export function splitFormat(file: string): { name: string; format: Format | null } {
  const dot = file.lastIndexOf('.');
  if (dot <= 0) return { name: file, format: null };
  const suffix = file.slice(dot + 1).toLowerCase();
  const format = (formats as readonly string[]).includes(suffix) ? (suffix as Format) : null;
  return { name: file.slice(0, dot), format };
}
