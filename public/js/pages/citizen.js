// /citizen: the public web form and tracking by ticket number and the phone's last 4 digits.
import { api, ApiError, newIdempotencyKey } from '../api.js';
import { $, $$, clear, el, fmtDateTime } from '../dom.js';
import { clearFieldErrors, hideMessage, readForm, showFailure, showFieldErrors, showMessage, submitting } from '../forms.js';
import { applyI18n, label, lang, langToggle, onLangChange, t } from '../i18n.js';
import { loadDepartments } from '../reference.js';
import { districtStreet, fillEnum, types } from '../selects.js';

function setUpTabs() {
  const tabs = $$('[role=tab]');
  const show = (tab) => {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      other.tabIndex = selected ? 0 : -1;
      $(`#${other.getAttribute('aria-controls')}`).hidden = !selected;
    }
  };
  for (const tab of tabs) {
    tab.addEventListener('click', () => show(tab));
    tab.addEventListener('keydown', (ev) => {
      if (ev.key !== 'ArrowRight' && ev.key !== 'ArrowLeft') return;
      const next = tabs[(tabs.indexOf(tab) + 1) % tabs.length];
      next.focus();
      show(next);
    });
  }
  return (id) => show($(`#${id}`));
}

function setUpSubmit(departments, showTab) {
  const form = $('#submit-form');
  const box = $('#submit-msg');
  const result = $('#submit-result');
  const renderSelects = () => {
    fillEnum($('#c-type'), 'type', types);
    fillEnum($('#c-line'), 'citizenLine', ['12345', '12369']);
  };
  renderSelects();
  $('#c-type').value = 'help';
  const places = districtStreet($('#c-district'), $('#c-street'), departments);
  onLangChange(() => {
    renderSelects();
    places.render();
  });

  let lastAttempt = null;
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    hideMessage(box);
    const body = readForm(form);
    const json = JSON.stringify(body);
    const key = lastAttempt?.json === json ? lastAttempt.key : newIdempotencyKey('webform');
    lastAttempt = { json, key };
    const created = await submitting(form, box, () => api('/public/tickets', { method: 'POST', body, idempotencyKey: key, anonymous: true }));
    if (!created) return;
    lastAttempt = null;
    const phone4 = String(body.citizen?.phone ?? '').replace(/\D/g, '').slice(-4);
    const emergency = created.emergency?.flagged ? created.emergency : null;
    clear(
      result,
      el('h2', {}, t('citizen.thanks')),
      el('p', {}, t('citizen.yourNumber')),
      el('p', { className: 'ticket-no huge', id: 'citizen-ticket-no' }, created.ticketNo),
      el('p', { className: 'muted' }, t('citizen.keepNumber')),
      emergency ? el('p', { className: 'msg msg-error', role: 'alert' }, lang() === 'zh' && emergency.advice ? emergency.advice : t('citizen.emergencyTransferred')) : null,
      el('button', { type: 'button', className: 'btn btn-primary btn-block', onclick: () => {
        $('#t-no').value = created.ticketNo;
        $('#t-phone4').value = phone4;
        showTab('tab-track');
        $('#track-form').requestSubmit();
      } }, t('citizen.trackNow')),
    );
    form.hidden = true;
    result.hidden = false;
    result.scrollIntoView({ block: 'start' });
    const again = el('button', { type: 'button', className: 'btn btn-block', onclick: () => {
      form.reset();
      clearFieldErrors(form);
      form.hidden = false;
      result.hidden = true;
      $('#c-description').focus();
    } }, t('citizen.another'));
    result.append(again);
  });
}

function setUpTrack() {
  const form = $('#track-form');
  const box = $('#track-msg');
  const result = $('#track-result');
  let last = null;

  function render() {
    if (!last) return;
    const tk = last;
    const steps = tk.timeline || [];
    clear(
      result,
      el('h2', {}, t('citizen.ticketNo'), ' ', el('span', { className: 'ticket-no' }, tk.ticketNo)),
      el('p', { className: 'track-status' }, el('span', { className: `badge big status-${tk.status}` }, label('publicStatus', tk.status))),
      el('dl', { className: 'facts' },
        el('dt', {}, t('ticket.type')), el('dd', {}, label('type', tk.type)),
        el('dt', {}, t('citizen.submittedAt')), el('dd', {}, fmtDateTime(tk.createdAt)),
        el('dt', {}, t('citizen.handledBy')), el('dd', {}, tk.department || t('citizen.notYetAssigned')),
        tk.replyDueAt && !tk.repliedAt ? [el('dt', {}, t('citizen.expectedBy')), el('dd', {}, fmtDateTime(tk.replyDueAt))] : null,
        tk.repliedAt ? [el('dt', {}, t('citizen.repliedAt')), el('dd', {}, fmtDateTime(tk.repliedAt))] : null,
        tk.closedAt ? [el('dt', {}, t('citizen.closedAt')), el('dd', {}, fmtDateTime(tk.closedAt))] : null,
      ),
      el('h3', {}, t('citizen.progress')),
      el('ol', { className: 'steps' }, steps.map((s) => el('li', {}, el('time', { dateTime: s.at }, fmtDateTime(s.at)), ' ', el('span', {}, label('publicStatus', s.status))))),
    );
    result.hidden = false;
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    hideMessage(box);
    clearFieldErrors(form);
    const { ticketNo = '', phone4 = '' } = readForm(form);
    result.hidden = true;
    if (!ticketNo) {
      showFieldErrors(form, [{ field: 'ticketNo', message: t('citizen.needNumber') }]);
      return;
    }
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      last = await api(`/public/tickets/${encodeURIComponent(ticketNo)}`, { query: { phone4 }, anonymous: true });
      render();
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) showMessage(box, 'error', t('citizen.notFound'));
      else {
        // The number is a path parameter: its problem comes back without a field name.
        if (err instanceof ApiError) for (const d of err.details) if (d.field === '(body)') d.field = 'ticketNo';
        showFailure(form, box, err);
      }
    } finally {
      button.disabled = false;
    }
  });
  onLangChange(render);
}

async function init() {
  applyI18n();
  $('#lang-slot').append(langToggle());
  const showTab = setUpTabs();
  try {
    const departments = await loadDepartments();
    setUpSubmit(departments, showTab);
  } catch (err) {
    showMessage($('#submit-msg'), 'error', `${t('error.unexpected')}: ${err.message}`);
  }
  setUpTrack();
  if (location.hash === '#track') showTab('tab-track');
}

init();
