// Tracking a request by its number and the phone's last 4 digits (GET /public/tickets/{ticketNo}):
// what the server lets anyone holding both see, nothing personal.
import type { FormRules } from 'element-plus';
import { api, ApiError } from '../../api/client';

export interface PublicTicket {
  ticketNo: string;
  status: string;
  type: string;
  createdAt: string;
  department: string | null;
  replyDueAt: string | null;
  repliedAt: string | null;
  closedAt: string | null;
  /** The department's answer (a merged ticket shows its parent's). */
  reply: { result: string | null; outcome: string | null; at: string } | null;
  timeline: Array<{ status: string; at: string }>;
}

export interface TrackModel {
  ticketNo: string;
  phone4: string;
}

export const trackFields = ['ticketNo', 'phone4'] as const;

export function trackRules(t: (key: string) => string): FormRules {
  return {
    ticketNo: [
      { required: true, whitespace: true, message: t('citizen.needNumber'), trigger: 'blur' },
      { pattern: /^\s*\d{8}-\d{6,}\s*$/, message: t('validation.ticketNo'), trigger: 'blur' },
    ],
    phone4: [
      { required: true, message: t('validation.phone4'), trigger: 'blur' },
      { pattern: /^\d{4}$/, message: t('validation.phone4'), trigger: 'blur' },
    ],
  };
}

/** The ticket, or null when no ticket has that number and those digits (the server says 404 for both). */
export async function trackTicket(m: TrackModel): Promise<PublicTicket | null> {
  try {
    return await api<PublicTicket>(`/public/tickets/${encodeURIComponent(m.ticketNo.trim())}`, { query: { phone4: m.phone4.trim() }, anonymous: true });
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    // The number travels in the path, so the server names its problem "ticket number".
    if (err instanceof ApiError) for (const p of err.fieldProblems) if (p.field === 'ticket number') p.field = 'ticketNo';
    throw err;
  }
}
