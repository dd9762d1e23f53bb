import type { Db } from '../../db/knex';
import { openStatuses } from './transitions';
import type { ReadScope } from './ticket-policy';
import type { TicketRow } from './tickets.repository';

const WINDOW_DAYS = 7;
const RADIUS_M = 250;
const MAX_SUGGESTIONS = 10;

/**
 * An address reduced to what identifies the place: no spaces or punctuation, full-width digits and
 * letters made half-width, so "田林路 100号" and "田林路１００号" compare equal.
 */
export function addressKey(address: string): string {
  return address
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s,，。.、;；:：#()（）—_/-]/g, '');
}

// The same normalisation in SQL, so the comparison runs inside the index-narrowed query.
const sqlAddressKey = `regexp_replace(lower(normalize(t.address, NFKC)), '[[:space:],，。.、;；:：#()（）—_/-]', '', 'g')`;
// Metres between two points; equirectangular is exact enough at 250 m.
const sqlDistance = `sqrt(power((t.lng - ?) * cos(radians(?)) * 111320, 2) + power((t.lat - ?) * 110540, 2))`;

export interface DuplicateSuggestion {
  id: number;
  ticketNo: string;
  status: string;
  createdAt: string;
  address: string | null;
  distanceM: number | null;
  categoryCode: string | null;
  replyDueAt: string | null;
  /** The title, or the start of the description: enough for the operator to tell whether it is the same matter. */
  summary: string;
}

interface DuplicateRow {
  id: number;
  ticket_no: string;
  status: string;
  created_at: Date;
  address: string | null;
  category_code: string | null;
  reply_due_at: Date | null;
  title: string | null;
  description: string;
  distance_m?: string | number | null;
}

/** What is compared: a ticket, or what an operator has typed so far (no id, created now). */
export type DuplicateProbe = Pick<TicketRow, 'category_id' | 'address' | 'lat' | 'lng' | 'created_at'> & { id: number | null };

/**
 * Open tickets of the same category at the same place (same address, or within 250 m when both
 * have coordinates) created in the 7 days before this one: suggestions for the dispatcher to merge,
 * never merged automatically (SPEC section 7.5). Computed when read, so it is never stale. Only
 * tickets the reader may see (`scope`, the ticket policy's canRead as SQL) are suggested.
 */
export function suggestDuplicates(db: Db, t: TicketRow, scope: ReadScope): Promise<DuplicateSuggestion[]> {
  if (t.category_id === null) return Promise.resolve([]);
  return openTicketsAtPlace(db, t, scope);
}

/**
 * Open tickets at the same place in the 7 days before the probe, of its category when it has one
 * (while the operator types, the category may not be chosen yet: then any open matter there), among
 * those the reader may see.
 */
export async function openTicketsAtPlace(db: Db, t: DuplicateProbe, scope: ReadScope): Promise<DuplicateSuggestion[]> {
  if (!t.address && (t.lat === null || t.lng === null)) return [];
  if (scope.departmentIds?.length === 0) return [];
  const since = new Date(t.created_at.getTime() - WINDOW_DAYS * 86_400_000);
  const q = db('tickets as t')
    .whereBetween('t.created_at', [since, t.created_at])
    .whereIn('t.status', openStatuses)
    .modify((visible) => {
      if (scope.departmentIds) visible.whereIn('t.department_id', scope.departmentIds);
      if (scope.createdByApiKeyId !== undefined) visible.where('t.created_by_api_key_id', scope.createdByApiKeyId);
    })
    .where((place) => {
      if (t.address) place.orWhereRaw(`${sqlAddressKey} = ?`, [addressKey(t.address)]);
      if (t.lat !== null && t.lng !== null) {
        place.orWhere((near) => near.whereNotNull('t.lat').whereRaw(`${sqlDistance} <= ?`, [t.lng, t.lat, t.lat, RADIUS_M]));
      }
    })
    .orderBy('t.created_at', 'desc')
    .limit(MAX_SUGGESTIONS)
    .leftJoin('categories as c', 'c.id', 't.category_id')
    .select('t.id', 't.ticket_no', 't.status', 't.created_at', 't.address', 'c.code as category_code', 't.reply_due_at', 't.title', 't.description');
  if (t.category_id !== null) q.where('t.category_id', t.category_id);
  if (t.id !== null) q.whereNot('t.id', t.id);
  if (t.lat !== null && t.lng !== null) q.select(db.raw(`case when t.lat is null then null else round(${sqlDistance}) end as distance_m`, [t.lng, t.lat, t.lat]));
  const rows = await q;
  return rows.map((r: DuplicateRow) => ({
    id: r.id,
    ticketNo: r.ticket_no,
    status: r.status,
    createdAt: r.created_at.toISOString(),
    address: r.address,
    distanceM: r.distance_m === undefined || r.distance_m === null ? null : Number(r.distance_m),
    categoryCode: r.category_code,
    replyDueAt: r.reply_due_at ? r.reply_due_at.toISOString() : null,
    summary: r.title ?? (r.description.length > 80 ? `${r.description.slice(0, 80)}…` : r.description),
  }));
}
