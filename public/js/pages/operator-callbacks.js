// The callback-survey queue (回访): the operator calls the citizen and records the outcome in one click.
import { api } from '../api.js';
import { $, clear, debounce, el, fmtDateTime } from '../dom.js';
import { errorText, hideMessage, showMessage } from '../forms.js';
import { label, nameOf, onLangChange, t } from '../i18n.js';

const OUTCOMES = [
  { key: 'satisfied', cls: 'btn-success', body: { reached: true, satisfaction: 'satisfied' } },
  { key: 'basically_satisfied', cls: 'btn-primary', body: { reached: true, satisfaction: 'basically_satisfied' } },
  { key: 'dissatisfied', cls: 'btn-danger', body: { reached: true, satisfaction: 'dissatisfied' } },
  { key: 'unreached', cls: '', body: { reached: false } },
];

/** What the citizen most likely says about "resolved", from the department's reply outcome. */
const resolvedGuess = { resolved: 'resolved', explained: 'resolved', partly: 'partly', unresolved: 'not' };

/** One entry of `GET /surveys/due` (surveys module's surveyView) as the card needs it. */
function entryOf(s, departments) {
  return {
    surveyId: s.id,
    ticketNo: s.ticket?.ticketNo,
    repliedTicketNo: s.reply?.merged ? s.reply.ticketNo : null,
    citizenName: s.citizen?.name ?? null,
    phone: s.citizen?.phone ?? null,
    department: s.departmentId ? departments.byId.get(s.departmentId) : null,
    result: s.reply?.result ?? null,
    outcome: s.reply?.outcome ?? null,
    repliedAt: s.repliedAt,
    dueAt: s.dueAt,
    overdue: s.overdue,
    attempts: s.attempts ?? 0,
  };
}

export function setUpCallbacks({ departments }) {
  const list = $('#callback-list');
  const box = $('#callback-msg');
  const count = $('#callback-count');
  let entries = [];

  async function refresh() {
    try {
      const res = await api('/surveys/due', { query: { limit: 50 } });
      entries = res.items.map((s) => entryOf(s, departments));
      render();
    } catch (err) {
      showMessage(box, 'error', errorText(err));
    }
  }

  function render() {
    count.textContent = entries.length ? String(entries.length) : '';
    clear(list, entries.length ? entries.map(card) : el('p', { className: 'empty' }, t('callback.empty')));
  }

  function card(e) {
    const id = `cb-${e.surveyId ?? e.ticketNo}`;
    const contacted = el('input', { type: 'checkbox', id: `${id}-contacted`, checked: true });
    const resolved = el('select', { id: `${id}-resolved` }, ['resolved', 'partly', 'not'].map((v) => el('option', { value: v }, label('resolved', v))));
    resolved.value = resolvedGuess[e.outcome] ?? 'resolved';
    const comment = el('input', { id: `${id}-comment`, maxLength: 2000, autocomplete: 'off' });
    const phone = el('span', { className: 'phone' }, e.phone || '—');
    const reveal = el('button', { type: 'button', className: 'link' }, t('ticket.revealPhone'));
    reveal.addEventListener('click', async () => {
      try {
        const r = await api(`/tickets/${encodeURIComponent(e.ticketNo)}/reveal-phone`, { method: 'POST', body: { reason: t('callback.revealReason') } });
        phone.textContent = r.phone || '—';
        reveal.remove();
      } catch (err) {
        showMessage(box, 'error', errorText(err));
      }
    });
    const buttons = OUTCOMES.map((o) =>
      el('button', { type: 'button', className: `btn btn-small ${o.cls}`, dataset: { outcome: o.key }, onclick: (ev) => record(e, o, { contacted, resolved, comment }, ev.currentTarget) }, t(`callback.${o.key}`)),
    );
    const link = el('button', { type: 'button', className: 'btn btn-small', dataset: { outcome: 'link' }, onclick: (ev) => sendLink(e, ev.currentTarget) }, t('callback.sendLink'));
    return el(
      'article',
      { className: 'callback', id, dataset: { ticketNo: e.ticketNo } },
      el('header', {},
        el('span', { className: 'ticket-no' }, e.ticketNo),
        e.repliedTicketNo ? el('span', { className: 'tag' }, t('callback.mergedInto', { no: e.repliedTicketNo })) : null,
        el('span', {}, e.citizenName || t('ticket.anonymous')),
        phone, reveal,
        el('span', { className: 'muted' }, e.department ? nameOf(e.department) : ''),
        el('span', { className: 'muted' }, t('callback.repliedAt', { at: fmtDateTime(e.repliedAt) })),
        el('span', { className: e.overdue ? 'countdown sla-over' : 'muted' }, t('callback.dueAt', { at: fmtDateTime(e.dueAt) })),
        e.attempts ? el('span', { className: 'tag' }, t('callback.attempts', { n: e.attempts })) : null,
      ),
      el('p', { className: 'reply' }, el('strong', {}, t('callback.replyWithOutcome', { outcome: label('outcome', e.outcome) })), e.result || '—'),
      el('div', { className: 'callback-controls' },
        el('label', { className: 'check' }, contacted, ' ', t('callback.contacted')),
        el('label', { htmlFor: resolved.id }, t('callback.resolved')), resolved,
        el('label', { htmlFor: comment.id }, t('callback.comment')), comment,
        el('div', { className: 'actions' }, buttons, link),
      ),
    );
  }

  async function record(e, outcome, controls, button) {
    const body = { ...outcome.body };
    if (body.reached) {
      body.contacted = controls.contacted.checked;
      body.resolved = controls.resolved.value;
    }
    const comment = controls.comment.value.trim();
    if (comment) body.comment = comment;
    const cardNode = button.closest('.callback');
    for (const b of cardNode.querySelectorAll('button')) b.disabled = true;
    hideMessage(box);
    try {
      const survey = await api(`/surveys/${e.surveyId}/call`, { method: 'POST', body });
      const state = survey.escalated ? t('callback.escalated') : survey.outcome ? label('surveyOutcome', survey.outcome) : t('callback.stillOpen', { n: survey.attempts });
      showMessage(box, 'ok', t('callback.recorded', { no: e.ticketNo, outcome: t(`callback.${outcome.key}`), state }));
      await refresh();
    } catch (err) {
      showMessage(box, 'error', `${e.ticketNo}: ${errorText(err)}`);
      for (const b of cardNode.querySelectorAll('button')) b.disabled = false;
    }
  }

  /** The citizen answers by SMS instead: a single-use link texted through the SMS gateway. */
  async function sendLink(e, button) {
    button.disabled = true;
    hideMessage(box);
    try {
      const r = await api(`/surveys/${e.surveyId}/link`, { method: 'POST', body: { send: true } });
      showMessage(box, 'ok', r.sms ? t('callback.linkSent', { no: e.ticketNo, until: fmtDateTime(r.expiresAt) }) : t('callback.linkShown', { no: e.ticketNo }), r.url ? el('code', { className: 'survey-url' }, r.url) : null);
    } catch (err) {
      showMessage(box, 'error', `${e.ticketNo}: ${errorText(err)}`);
    } finally {
      button.disabled = false;
    }
  }

  $('#callbacks-refresh').addEventListener('click', refresh);
  onLangChange(render);
  setInterval(refresh, 60_000);
  return { refresh, refreshSoon: debounce(refresh, 500) };
}
