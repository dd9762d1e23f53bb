// The small form behind each action button: its fields and the body it sends (SPEC section 10's
// table). Which actions a person sees is the server's `allowedActions`; this file only knows what
// each action asks for.
import type { FormItemRule } from 'element-plus';
import type { DepartmentIndex } from '../api/reference';
import type { Department, Ticket } from '../api/types';
import { i18n } from '../i18n';

const t = (key: string, vars: Record<string, unknown> = {}) => i18n.global.t(key, vars);

export type FieldKind = 'text' | 'textarea' | 'number' | 'department' | 'subUnit' | 'choice' | 'yesNo';

export interface ActionField {
  name: string;
  kind: FieldKind;
  /** Message key of the label (default `field.<name>`). */
  label?: string;
  optional?: boolean;
  max?: number;
  min?: number;
  /** For `choice`: the values and the message prefix that names them. */
  choices?: { values: readonly string[]; prefix: string };
  /** Shown only while this holds (the survey asks more once the citizen was reached). */
  when?: (values: FormValues) => boolean;
  /** A client-side format check, with the message key said when it fails. */
  pattern?: { re: RegExp; message: string };
}

/** A way to send the form: most have one; the extension decision has approve and reject. */
export interface ActionSubmit {
  /** Message key of the button and of the success message's action. */
  label: string;
  /** Merged into the body. */
  extra?: Record<string, unknown>;
  danger?: boolean;
}

export interface ActionSpec {
  fields: ActionField[];
  submits?: ActionSubmit[];
  /** A destructive action (red button). */
  danger?: boolean;
  /** Where the API takes it: most at `POST /tickets/{id}/<action>`. */
  path?: string;
}

export type FormValues = Record<string, string | number | boolean | undefined>;

const reason: ActionField = { name: 'reason', kind: 'textarea', max: 1000 };
const note = (optional = false): ActionField => ({ name: 'note', kind: 'textarea', max: 1000, optional });
const reached = (v: FormValues) => v.reached === true;

export const actionSpecs: Record<string, ActionSpec> = {
  dispatch: { fields: [{ name: 'departmentCode', kind: 'department' }, note(true)] },
  accept: { fields: [] },
  return: { fields: [reason], danger: true },
  'pass-down': { fields: [{ name: 'departmentCode', kind: 'subUnit', label: 'field.subUnit' }, note(true)] },
  extension: { fields: [{ name: 'workingDays', kind: 'number', min: 1, max: 10 }, reason] },
  'extension/decision': {
    fields: [note(true)],
    submits: [
      { label: 'action.approveExtension', extra: { approve: true } },
      { label: 'action.rejectExtension', extra: { approve: false }, danger: true },
    ],
  },
  reply: {
    fields: [
      { name: 'outcome', kind: 'choice', choices: { values: ['resolved', 'partly', 'unresolved', 'explained'], prefix: 'outcome' } },
      { name: 'result', kind: 'textarea', max: 4000 },
    ],
  },
  survey: {
    fields: [
      { name: 'reached', kind: 'yesNo', label: 'actionForm.reached' },
      { name: 'contacted', kind: 'yesNo', label: 'actionForm.contacted', when: reached, optional: true },
      { name: 'resolved', kind: 'choice', label: 'actionForm.resolved', choices: { values: ['resolved', 'partly', 'not'], prefix: 'resolved' }, when: reached, optional: true },
      { name: 'satisfaction', kind: 'choice', label: 'actionForm.satisfaction', choices: { values: ['satisfied', 'basically_satisfied', 'dissatisfied'], prefix: 'satisfaction' }, when: reached },
      { name: 'comment', kind: 'textarea', label: 'actionForm.comment', max: 2000, optional: true },
    ],
  },
  reopen: { fields: [reason] },
  merge: { fields: [{ name: 'parentId', kind: 'text', label: 'field.parentTicketNo', max: 30, pattern: { re: /^\d{8}-\d{6,}$/, message: 'validation.ticketNo' } }] },
  urge: { fields: [note()] },
  'follow-up': {
    fields: [{ name: 'kind', kind: 'choice', label: 'actionForm.followUpKind', choices: { values: ['chase', 'supplement', 'withdraw_request'], prefix: 'followUp' } }, note()],
  },
  recall: { fields: [note(true)] },
  'transfer-110': { fields: [reason], danger: true },
  'not-emergency': { fields: [reason] },
  cancel: { fields: [reason], danger: true },
  'dismiss-withdrawal': { fields: [reason] },
};

/** An action the server offers that this version of the page has no form for: sent with an empty body. */
export function specOf(action: string): ActionSpec {
  return actionSpecs[action] ?? { fields: [] };
}

/** What the form starts with: the dispatch pool suggests the category's default department. */
export function initialValues(action: string, ticket: Ticket, suggestedDepartment: string | null): FormValues {
  const values: FormValues = {};
  for (const f of specOf(action).fields) {
    if (f.kind === 'number') values[f.name] = f.min ?? 1;
    else if (f.kind === 'yesNo') values[f.name] = f.name === 'reached' ? true : undefined;
    else values[f.name] = '';
  }
  if (action === 'dispatch' && suggestedDepartment && !ticket.department) values.departmentCode = suggestedDepartment;
  return values;
}

export function visibleFields(action: string, values: FormValues): ActionField[] {
  return specOf(action).fields.filter((f) => !f.when || f.when(values));
}

/** The request body: trimmed text, optional fields left out when empty, hidden fields never sent. */
export function bodyOf(action: string, values: FormValues, submit?: ActionSubmit): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of visibleFields(action, values)) {
    const v = values[f.name];
    if (typeof v === 'string') {
      if (v.trim() !== '') body[f.name] = v.trim();
    } else if (v !== undefined) body[f.name] = v;
  }
  return { ...body, ...submit?.extra };
}

/** What the browser can check before sending: required fields, lengths, formats. The server decides the rest. */
export function rulesOf(action: string): Record<string, FormItemRule[]> {
  const rules: Record<string, FormItemRule[]> = {};
  for (const f of specOf(action).fields) {
    const list: FormItemRule[] = [];
    if (!f.optional) {
      list.push({
        validator: (_r, v, done) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? done(new Error(t('validation.required'))) : done()),
        trigger: ['blur', 'change'],
      });
    }
    if (f.max && f.kind !== 'number') list.push({ max: f.max, message: () => t('validation.tooLong'), trigger: ['blur', 'change'] });
    if (f.pattern) {
      const { re, message } = f.pattern;
      list.push({ validator: (_r, v, done) => (typeof v === 'string' && v.trim() && !re.test(v.trim()) ? done(new Error(t(message))) : done()), trigger: 'blur' });
    }
    rules[f.name] = list;
  }
  return rules;
}

/** The departments a ticket can go to from this form: any that receives tickets, or the holder's sub-units. */
export function departmentChoices(field: ActionField, ticket: Ticket, departments: DepartmentIndex): Department[] {
  if (field.kind === 'subUnit') {
    const dispatchable = new Set(departments.dispatchable.map((d) => d.code));
    return ticket.department ? departments.below(ticket.department.code).filter((d) => dispatchable.has(d.code)) : [];
  }
  return departments.dispatchable;
}

/** The message key of an action's button. */
export function actionLabel(action: string, ticket: Ticket): string {
  // A ticket that comes back from a department is sent again (改派): same action, its usual name.
  if (action === 'dispatch' && ticket.department) return 'action.redispatch';
  return `action.${action}`;
}
