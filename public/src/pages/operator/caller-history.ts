// A caller's history beside the intake form: `GET /tickets?phone=` (the full number, exact) in two
// parts, still open (on top) and ended within the last 12 months, each newest first, paged by the
// server with its true total. Which statuses count as open is the server's `open=` filter.
import { api } from '../../api/client';
import type { TicketPage } from '../../api/types';
import { plausiblePhone } from './intake';

export const HISTORY_PAGE = 10;

/** A number worth looking up: a whole mainland number (7 to 12 digits), as the API reads it. */
export function lookupPhone(raw: string): string | null {
  const digits = raw.trim().replace(/[\s-]/g, '').replace(/^\+?86/, '');
  return digits.length >= 7 && plausiblePhone(raw) ? digits : null;
}

/** Twelve months before now, as a date (Shanghai midnight on the server). */
export function yearAgo(now = new Date()): string {
  const d = new Date(now.getTime() + 8 * 3_600_000);
  d.setUTCFullYear(d.getUTCFullYear() - 1);
  return d.toISOString().slice(0, 10);
}

export function historyPage(phone: string, open: boolean, cursor: string | null): Promise<TicketPage> {
  return api<TicketPage>('/tickets', {
    query: { phone, open: String(open), limit: HISTORY_PAGE, cursor, ...(!open && { from: yearAgo() }) },
  });
}
