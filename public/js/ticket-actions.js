// The lifecycle actions (SPEC section 5) as small forms: a button per action; actions with a body
// open their form beneath it. Every result is shown: the new status, or the API's error by the field.
import { api } from './api.js';
import { clear, el } from './dom.js';
import { readForm, showFailure, showMessage, submitting } from './forms.js';
import { label, nameOf, t } from './i18n.js';

let seq = 0;

/** A department by its code, or by its exact name (Chinese or English) as a person may type it. */
function findDepartment(departments, typed) {
  const v = typed.trim();
  if (!v) return null;
  return departments.byCode.get(v) ?? departments.dispatchable.find((d) => d.name === v || d.nameEn === v) ?? null;
}

function control(f, ctx) {
  const id = `act-${++seq}-${f.name}`;
  let input;
  if (f.kind === 'textarea') input = el('textarea', { id, name: f.name, rows: 3, maxLength: f.max ?? 1000, required: !f.optional, value: f.value ?? '' });
  else if (f.kind === 'select') {
    input = el('select', { id, name: f.name, required: !f.optional }, f.options(ctx).map(([v, text]) => el('option', { value: v }, text)));
    if (f.value) input.value = f.value;
  } else if (f.kind === 'number') input = el('input', { id, name: f.name, type: 'number', min: f.min, max: f.max, value: f.value ?? f.min, required: true, dataset: { type: 'number' } });
  else if (f.kind === 'department') {
    // A searchable list of every department; the typed label maps back to its code on submit.
    const listId = `${id}-list`;
    const hint = el('p', { className: 'dept-hint', id: `${id}-hint`, attrs: { 'aria-live': 'polite' } });
    input = el('input', { id, name: f.name, required: true, autocomplete: 'off', attrs: { list: listId, 'aria-describedby': hint.id }, value: f.value ?? '', placeholder: t('dispatch.departmentHint') });
    const options = el('datalist', { id: listId }, ctx.departments.dispatchable.map((d) => el('option', { value: d.code }, `${ctx.departments.label(d)} (${d.code})`)));
    const showHint = () => {
      const d = findDepartment(ctx.departments, input.value);
      hint.className = `dept-hint${d || !input.value.trim() ? '' : ' unknown'}`;
      hint.textContent = d ? t('dispatch.deptFound', { name: ctx.departments.label(d) }) : input.value.trim() ? t('dispatch.deptUnknown') : '';
    };
    input.addEventListener('input', showHint);
    showHint();
    return el('div', { className: 'field' }, el('label', { htmlFor: id }, t(`field.${f.name}`)), input, options, hint);
  } else input = el('input', { id, name: f.name, required: !f.optional, maxLength: f.max ?? 1000, autocomplete: 'off', value: f.value ?? '' });
  return el('div', { className: 'field' }, el('label', { htmlFor: id }, t(f.labelKey ?? `field.${f.name}`), f.optional ? ` ${t('form.optional')}` : ''), input);
}

/** The fields of each action's body. `ctx` has the ticket and the departments. */
export const actionFields = {
  accept: [],
  return: [{ name: 'reason', kind: 'textarea' }],
  'pass-down': [
    {
      name: 'departmentCode',
      kind: 'select',
      labelKey: 'field.subUnit',
      options: ({ ticket, departments }) => departments.below(ticket.department?.code).map((d) => [d.code, nameOf(d)]),
    },
    { name: 'note', kind: 'textarea', optional: true },
  ],
  extension: [
    { name: 'workingDays', kind: 'number', min: 1, max: 10 },
    { name: 'reason', kind: 'textarea' },
  ],
  'extension/decision': [{ name: 'note', kind: 'textarea', optional: true }],
  reply: [
    { name: 'outcome', kind: 'select', options: () => ['resolved', 'partly', 'unresolved', 'explained'].map((o) => [o, label('outcome', o)]) },
    { name: 'result', kind: 'textarea', max: 4000 },
  ],
  urge: [{ name: 'note', kind: 'textarea' }],
  reopen: [{ name: 'reason', kind: 'textarea' }],
  dispatch: [
    { name: 'departmentCode', kind: 'department' },
    { name: 'note', kind: 'textarea', optional: true },
  ],
  merge: [{ name: 'parentId', kind: 'text', labelKey: 'field.parentTicketNo' }],
  'transfer-110': [{ name: 'reason', kind: 'textarea' }],
  cancel: [{ name: 'reason', kind: 'textarea' }],
};

const buttonClass = { accept: 'btn-primary', reply: 'btn-primary', dispatch: 'btn-primary', return: 'btn-danger', 'transfer-110': 'btn-danger', cancel: 'btn-danger', urge: 'btn-warn' };

/**
 * A bar of action buttons for `actions` (names, or `{name, labelKey, values, submitBody}` objects)
 * with one shared form area and message line. `onDone(updatedTicket, action)` runs after success.
 */
export function actionBar(ticket, actions, ctx) {
  const area = el('div', { className: 'action-area' });
  const msg = el('div', { className: 'msg', hidden: true });
  const bar = el('div', { className: 'action-bar', role: 'group', attrs: { 'aria-label': t('actions.title') } });
  for (const a of actions.map((x) => (typeof x === 'string' ? { name: x } : x))) {
    const btn = el('button', { type: 'button', className: `btn ${buttonClass[a.name] ?? ''}`, dataset: { action: a.labelKey ? `${a.name}:${a.labelKey}` : a.name } }, t(a.labelKey ?? `action.${a.name}`));
    btn.addEventListener('click', () => open(a, btn));
    bar.append(btn);
  }

  function open(a, btn) {
    const fields = (a.fields ?? actionFields[a.name]).map((f) => ({ ...f, value: a.values?.[f.name] ?? f.value }));
    if (!fields.length && !a.confirm) return perform(a, {}, null, btn);
    const form = el('form', { className: 'action-form', noValidate: true }, el('h3', {}, t(a.labelKey ?? `action.${a.name}`)), fields.map((f) => control(f, { ...ctx, ticket })));
    const cancel = el('button', { type: 'button', className: 'btn', onclick: () => clear(area) }, t('common.cancel'));
    form.append(el('div', { className: 'actions' }, el('button', { type: 'submit', className: `btn ${buttonClass[a.name] ?? 'btn-primary'}` }, t('actions.submit', { action: t(a.labelKey ?? `action.${a.name}`) })), cancel));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      perform(a, readForm(form), form);
    });
    clear(area, form);
    form.querySelector('input, textarea, select')?.focus();
  }

  async function perform(a, values, form, btn) {
    if (typeof values.departmentCode === 'string') values.departmentCode = findDepartment(ctx.departments, values.departmentCode)?.code ?? values.departmentCode;
    const body = a.submitBody ? a.submitBody(values) : values;
    const path = `/tickets/${encodeURIComponent(ticket.ticketNo)}/${a.name}`;
    const run = async () => {
      const updated = await api(path, { method: 'POST', body });
      clear(area);
      const text = t('actions.done', { action: t(a.labelKey ?? `action.${a.name}`), no: updated.ticketNo ?? ticket.ticketNo, status: label('status', updated.status ?? ticket.status) });
      if (ctx.flash) ctx.flash('ok', text);
      else showMessage(msg, 'ok', text);
      ctx.onDone?.(updated, a.name);
      return updated;
    };
    if (form) return submitting(form, msg, run);
    btn.disabled = true;
    try {
      return await run();
    } catch (err) {
      showFailure(bar, msg, err);
      return undefined;
    } finally {
      btn.disabled = false;
    }
  }

  return el('section', { className: 'actions-block' }, bar, area, msg);
}

/** The masked phone with an audited "reveal" (the API wants a reason; a sensible one is prefilled). */
export function phoneWithReveal(ticket) {
  const phone = el('span', { className: 'phone' }, ticket.citizen?.phone || '—');
  if (!ticket.citizen?.phone) return phone;
  const wrap = el('span', { className: 'phone-wrap' }, phone, ' ');
  const btn = el('button', { type: 'button', className: 'link', dataset: { action: 'reveal-phone' } }, t('ticket.revealPhone'));
  btn.addEventListener('click', () => {
    const id = `reveal-${++seq}`;
    const reason = el('input', { id, name: 'reason', value: t('ticket.revealReasonDefault'), maxLength: 500, required: true });
    const msg = el('span', { className: 'msg', hidden: true });
    const form = el('form', { className: 'inline-form', noValidate: true }, el('label', { htmlFor: id }, t('field.revealReason')), reason, el('button', { type: 'submit', className: 'btn btn-small' }, t('ticket.revealConfirm')), msg);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      await submitting(form, msg, async () => {
        const r = await api(`/tickets/${encodeURIComponent(ticket.ticketNo)}/reveal-phone`, { method: 'POST', body: readForm(form) });
        phone.textContent = r.phone || '—';
        phone.classList.add('revealed');
        form.replaceWith(el('span', { className: 'muted small' }, t('ticket.revealLogged')));
      });
    });
    btn.replaceWith(form);
    reason.select();
  });
  wrap.append(btn);
  return wrap;
}
