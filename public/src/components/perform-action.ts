// Sends one action to the API and says what it did, in the reader's language.
import { api } from '../api/client';
import type { Ticket } from '../api/types';
import { i18n, label } from '../i18n';
import { specOf } from './action-forms';

const t = (key: string, vars: Record<string, unknown> = {}) => i18n.global.t(key, vars);

/** `POST /tickets/{no}/<action>`; resolves with the updated ticket and "签收成功：工单 … 现为“办理中”". */
export async function performAction(ticket: Ticket, action: string, body: Record<string, unknown>, labelKey: string): Promise<{ updated: Ticket; message: string }> {
  const path = `/tickets/${encodeURIComponent(ticket.ticketNo)}/${specOf(action).path ?? action}`;
  const updated = await api<Ticket>(path, { method: 'POST', body });
  const message = t('actions.done', { action: t(labelKey), no: updated.ticketNo ?? ticket.ticketNo, status: label('status', updated.status ?? ticket.status) });
  return { updated, message };
}
