// Forms whose control names are the API's field paths (`citizen.phone`), so that a 400's
// `details[].field` lands next to the control it names.
import { ApiError } from './api.js';
import { el, clear } from './dom.js';
import { has, t } from './i18n.js';

/**
 * The form's values as the API body: dotted names nest, checkboxes are booleans, `data-type="number"`
 * is a number, `data-type="boolean"` turns "true"/"false" into booleans, empty text is left out.
 */
export function readForm(form) {
  const body = {};
  for (const control of form.elements) {
    if (!control.name || control.disabled || control.dataset.skip === 'true') continue;
    let value;
    if (control.type === 'checkbox') value = control.checked;
    else if (control.type === 'radio') {
      if (!control.checked) continue;
      value = control.value;
    } else value = control.value.trim();
    if (value === '') continue;
    if (control.dataset.type === 'number') value = Number(value);
    if (control.dataset.type === 'boolean') value = value === 'true';
    setPath(body, control.name, value);
  }
  return body;
}

function setPath(obj, path, value) {
  const keys = path.split('.');
  let node = obj;
  for (const k of keys.slice(0, -1)) node = node[k] ??= {};
  node[keys[keys.length - 1]] = value;
}

/** Zod's wording, in words a citizen or an operator reads at a glance; the API's own text stays in the tooltip. */
const plainProblems = [
  [/received undefined|expected nonoptional|>=1 characters|Required/i, 'validation.required'],
  [/phone number/i, 'validation.phone'],
  [/last 4 digits/i, 'validation.phone4'],
  [/ticket number/i, 'validation.ticketNo'],
  [/Too big|<=\d+ characters/i, 'validation.tooLong'],
  [/district code/i, 'validation.district'],
];

export function plainProblem(message) {
  const hit = plainProblems.find(([re]) => re.test(message));
  return hit ? t(hit[1]) : message;
}

/** The message to show for a failed call: a plain-language lead for known codes, then the API's own words. */
export function errorText(err) {
  if (!(err instanceof ApiError)) return `${t('error.unexpected')}${err?.message ? `: ${err.message}` : ''}`;
  if (err.status === 0) return t('error.NETWORK');
  if (err.code === 'VALIDATION_FAILED' && err.fieldProblems.length) return t('error.fieldsToCheck', { n: err.fieldProblems.length });
  const lead = has(`error.${err.code}`) ? t(`error.${err.code}`) : '';
  return lead ? `${lead} — ${err.message} (${err.code})` : `${err.message} (${err.code})`;
}

function controlFor(form, field) {
  const esc = CSS.escape(field);
  return form.querySelector(`[data-field="${esc}"]`) || form.querySelector(`[name="${esc}"]`);
}

export function clearFieldErrors(form) {
  for (const node of form.querySelectorAll('.field-error')) node.remove();
  for (const node of form.querySelectorAll('[aria-invalid="true"]')) {
    node.removeAttribute('aria-invalid');
    const ids = (node.getAttribute('aria-describedby') || '').split(' ').filter((id) => !id.endsWith('-error'));
    if (ids.length) node.setAttribute('aria-describedby', ids.join(' '));
    else node.removeAttribute('aria-describedby');
  }
}

/**
 * Puts each problem next to its control (and focuses the first); returns the problems no control
 * matched, for the form's general message.
 */
export function showFieldErrors(form, problems) {
  const unmatched = [];
  let first = null;
  for (const p of problems) {
    const control = controlFor(form, p.field);
    if (!control) {
      unmatched.push(p);
      continue;
    }
    const id = `${control.id || control.name.replace(/\W/g, '-')}-error`;
    const msg = el('p', { className: 'field-error', id, title: p.message }, plainProblem(p.message));
    const holder = control.closest('.field') || control.parentElement;
    holder.append(msg);
    control.setAttribute('aria-invalid', 'true');
    const described = (control.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
    control.setAttribute('aria-describedby', [...described, id].join(' '));
    first ??= control;
  }
  (first?.matches('fieldset') ? first.querySelector('input, select, textarea') : first)?.focus();
  return unmatched;
}

/** Shows `text` in a message box (`kind`: ok, error, info, warn); `extra` nodes follow the text. */
export function showMessage(box, kind, text, ...extra) {
  box.hidden = false;
  box.className = `msg msg-${kind}`;
  box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  clear(box, el('span', {}, text), ...extra);
}

export function hideMessage(box) {
  box.hidden = true;
  box.replaceChildren();
}

/** After a failed submit: field problems beside their fields, the rest (and the API message) in `box`. */
export function showFailure(form, box, err) {
  clearFieldErrors(form);
  const unmatched = err instanceof ApiError ? showFieldErrors(form, err.fieldProblems) : [];
  const rest = unmatched.map((p) => el('li', {}, `${p.field}: ${p.message}`));
  showMessage(box, 'error', errorText(err), rest.length ? el('ul', {}, rest) : null);
}

/**
 * Runs `action` with the submit buttons disabled (no double submissions); the result is shown by the
 * caller, a failure here. Returns the action's result or undefined when it failed.
 */
export async function submitting(form, box, action) {
  const buttons = [...form.querySelectorAll('button')];
  for (const b of buttons) b.disabled = true;
  clearFieldErrors(form);
  try {
    return await action();
  } catch (err) {
    showFailure(form, box, err);
    return undefined;
  } finally {
    for (const b of buttons) b.disabled = false;
  }
}
