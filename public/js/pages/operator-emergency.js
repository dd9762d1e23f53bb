// The warning an operator cannot miss when the caller's words read like a police, fire or ambulance
// emergency (intake response `emergency: {flagged, kind, matches, advice}`), with the 110 hand-over.
import { api } from '../api.js';
import { $, clear, el } from '../dom.js';
import { errorText } from '../forms.js';
import { label, lang, t } from '../i18n.js';

/** The intake response's emergency notice when it is raised, else null. */
export function emergencyOf(ticket) {
  const e = ticket.emergency;
  if (e === true) return { flagged: true, matches: [], kind: null, advice: null };
  return e && (e.flagged || e.emergency) ? e : null;
}

export function showEmergency(ticket, e) {
  const box = $('#emergency');
  const status = el('p', { className: 'emergency-status', role: 'status' });
  const transfer = el('button', { type: 'button', className: 'btn btn-light', id: 'transfer-110-btn' }, t('emergency.transfer'));
  transfer.addEventListener('click', async () => {
    transfer.disabled = true;
    try {
      const updated = await api(`/tickets/${encodeURIComponent(ticket.ticketNo)}/transfer-110`, { method: 'POST', body: { reason: t('emergency.transferReason', { words: (e.matches || []).join('、') }) } });
      status.textContent = t('emergency.transferred', { no: updated.ticketNo, status: label('status', updated.status) });
    } catch (err) {
      status.textContent = errorText(err);
      transfer.disabled = false;
    }
  });
  const dismiss = el('button', { type: 'button', className: 'btn btn-ghost-light' }, t('emergency.dismiss'));
  dismiss.addEventListener('click', () => {
    box.hidden = true;
  });
  clear(
    box,
    el('div', { className: 'emergency-icon', attrs: { 'aria-hidden': 'true' } }, '⚠'),
    el(
      'div',
      { className: 'emergency-body' },
      el('h2', {}, t('emergency.title'), e.kind ? ` · ${label('emergencyKind', e.kind)}` : ''),
      el('p', { className: 'emergency-advice' }, lang() === 'zh' && e.advice ? e.advice : t('emergency.advice')),
      e.matches?.length ? el('p', {}, t('emergency.matches'), ' ', e.matches.map((m) => el('mark', {}, m))) : null,
      el('div', { className: 'actions' }, transfer, dismiss),
      status,
    ),
  );
  box.hidden = false;
  box.focus();
}
