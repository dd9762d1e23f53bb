// The intake form of the operator console: one call, one ticket (or an on-the-spot answer).
import { api, newIdempotencyKey } from '../api.js';
import { categoryPicker } from '../category-picker.js';
import { $, clear, debounce, el } from '../dom.js';
import { clearFieldErrors, hideMessage, readForm, showMessage, submitting } from '../forms.js';
import { nameOf, onLangChange, t } from '../i18n.js';
import { districtStreet, fillEnum, lines, operatorChannels, types, urgencies } from '../selects.js';
import { duplicateItem, statusBadge } from '../ticket-view.js';
import { emergencyOf, showEmergency } from './operator-emergency.js';

export function setUpIntake({ departments, categories, kb }) {
  const form = $('#intake-form');
  const box = $('#intake-msg');
  const result = $('#result-panel');
  const description = $('#f-description');
  const suggest = $('#category-suggest');

  const renderSelects = () => {
    fillEnum($('#f-line'), 'line', lines);
    fillEnum($('#f-channel'), 'channel', operatorChannels);
    fillEnum($('#f-type'), 'type', types);
    fillEnum($('#f-urgency'), 'urgency', urgencies);
  };
  renderSelects();
  const places = districtStreet($('#f-district'), $('#f-street'), departments);
  const picker = categoryPicker({ input: $('#f-category'), hidden: $('#f-category-code'), listbox: $('#category-list'), categories, onChange: () => renderSuggestions() });
  $('#f-type').value = 'complaint';

  function renderSuggestions() {
    const text = description.value;
    const chosen = $('#f-category-code').value;
    const found = categories.suggest(text).filter((s) => s.category.code !== chosen);
    clear(
      suggest,
      found.length ? el('span', { className: 'muted small' }, t('operator.suggested')) : null,
      found.map((s) =>
        el('button', { type: 'button', className: 'chip', title: s.hits.join('、'), onclick: () => picker.set(s.category.code) }, nameOf(s.category)),
      ),
    );
  }

  const counter = () => {
    $('#desc-count').textContent = t('form.charCount', { n: description.value.length, max: 4000 });
  };
  description.addEventListener('input', debounce(() => {
    renderSuggestions();
    kb.followText(description.value);
  }, 300));
  description.addEventListener('input', counter);
  counter();

  onLangChange(() => {
    renderSelects();
    places.render();
    picker.refresh();
    renderSuggestions();
    counter();
  });

  // The same submission (e.g. retried after a network error) keeps its Idempotency-Key: never two tickets.
  let lastAttempt = null;
  async function createTicket(extra = {}) {
    hideMessage(box);
    const body = { ...readForm(form), ...extra };
    const json = JSON.stringify(body);
    const key = lastAttempt?.json === json ? lastAttempt.key : newIdempotencyKey('call');
    lastAttempt = { json, key };
    return submitting(form, box, async () => {
      const ticket = await api('/tickets', { method: 'POST', body, idempotencyKey: key });
      lastAttempt = null;
      showCreated(ticket);
      return ticket;
    });
  }

  let created = null;
  function showCreated(ticket) {
    const answered = ticket.status === 'answered';
    created = { ticketNo: ticket.ticketNo, status: el('span', { id: 'created-status' }, statusBadge(ticket.status)), where: el('p', { className: 'created-where' }) };
    clear(
      result,
      el('h2', { className: 'panel-title' }, t(answered ? 'operator.answeredDone' : 'operator.created')),
      el('p', { className: 'created-no' }, el('span', { className: 'ticket-no big', id: 'created-ticket-no' }, ticket.ticketNo), ' ', created.status),
      created.where,
      el('p', { className: 'muted' }, t(answered ? 'operator.answeredHint' : 'operator.createdHint')),
      el('div', { id: 'duplicates' }),
      el('button', { type: 'button', className: 'btn', onclick: resetForm }, t('operator.newCall')),
    );
    result.hidden = false;
    showMessage(box, 'ok', t(answered ? 'operator.answeredMsg' : 'operator.createdMsg', { no: ticket.ticketNo }));
    const emergency = emergencyOf(ticket);
    if (emergency) showEmergency(ticket, emergency);
    showDuplicates(ticket);
  }

  /** Duplicates are attached by routing, a moment after intake: ask again once if none came with the 201. */
  async function showDuplicates(ticket) {
    let dups = ticket.suggestedDuplicates;
    if (!dups?.length && ticket.status === 'pending_dispatch') {
      await new Promise((r) => setTimeout(r, 1500));
      try {
        dups = (await api(`/tickets/${encodeURIComponent(ticket.ticketNo)}`)).suggestedDuplicates;
      } catch {
        dups = [];
      }
    }
    const slot = $('#duplicates');
    if (!slot || !dups?.length) return;
    clear(
      slot,
      el('div', { className: 'msg msg-warn', role: 'status' },
        el('strong', {}, t('operator.duplicates')),
        el('ul', {}, dups.map((d) => duplicateItem(d))),
      ),
    );
  }

  /** Routing moves the ticket a moment after intake: show where it went while the caller is still on the line. */
  async function ticketChanged(e) {
    if (!created || e?.ticketNo !== created.ticketNo) return;
    try {
      const tk = await api(`/tickets/${encodeURIComponent(created.ticketNo)}`);
      clear(created.status, statusBadge(tk.status));
      const dept = tk.department ? departments.byCode.get(tk.department.code) || tk.department : null;
      created.where.textContent = dept ? t('operator.routedTo', { department: nameOf(dept) }) : '';
    } catch {
      // the panel keeps the status it had; the ticket itself is safe
    }
  }

  function resetForm() {
    created = null;
    form.reset();
    clearFieldErrors(form);
    picker.set(null);
    $('#f-district').dispatchEvent(new Event('change'));
    $('#f-type').value = 'complaint';
    hideMessage(box);
    result.hidden = true;
    $('#emergency').hidden = true;
    lastAttempt = null;
    counter();
    renderSuggestions();
    kb.followText('');
    description.focus();
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    createTicket();
  });
  form.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      form.requestSubmit();
    }
  });
  $('#new-call-btn').addEventListener('click', resetForm);

  return {
    /** The KB's "answered on the spot": the call ends with this answer, recorded as a ticket. */
    answerOnSpot: (answer) => createTicket({ answeredOnSpot: { answer } }),
    ticketChanged,
  };
}
