// The web form's data as the API takes it (POST /public/tickets), what the browser checks before
// sending, and one Idempotency-Key per submission so that a retry never makes a second ticket.
import type { FormRules } from 'element-plus';
import { api, newIdempotencyKey } from '../../api/client';

export const ticketTypes = ['consult', 'help', 'complaint', 'report', 'suggestion', 'praise'] as const;
export const citizenLines = ['12345', '12369'] as const;

/** The form's model: its paths are the API's field paths, so a 400's `details[].field` finds its item. */
export interface SubmitModel {
  type: string;
  line: string;
  description: string;
  location: { districtCode: string; street: string; address: string };
  citizen: { name: string; phone: string; anonymous: boolean; callbackConsent: boolean };
}

/** The fields this form shows; a problem with any other goes to the form's message. */
export const submitFields = ['type', 'line', 'description', 'location.districtCode', 'location.street', 'location.address', 'citizen.name', 'citizen.phone'] as const;

export function emptySubmitModel(): SubmitModel {
  return {
    type: 'help',
    line: '12345',
    description: '',
    location: { districtCode: '', street: '', address: '' },
    citizen: { name: '', phone: '', anonymous: false, callbackConsent: true },
  };
}

/** The request body: text trimmed, empty text left out (the API treats absent as "not given"). */
export function submitBody(m: SubmitModel) {
  const text = (s: string) => s.trim() || undefined;
  const location = { districtCode: text(m.location.districtCode), street: text(m.location.street), address: text(m.location.address) };
  return {
    type: m.type,
    line: m.line,
    description: m.description.trim(),
    location: Object.values(location).some(Boolean) ? location : undefined,
    citizen: { name: text(m.citizen.name), phone: m.citizen.phone.trim(), anonymous: m.citizen.anonymous, callbackConsent: m.citizen.callbackConsent },
  };
}
export type SubmitBody = ReturnType<typeof submitBody>;

/** The same check the server makes: 7–12 digits once spaces, dashes and +86 are taken off. */
export function looksLikePhone(value: string): boolean {
  return /^\d{7,12}$/.test(value.trim().replace(/[\s-]/g, '').replace(/^\+?86/, ''));
}

/** The last 4 digits, as the tracking form asks for them. */
export function lastFour(phone: string): string {
  return phone.replace(/\D/g, '').slice(-4);
}

export function submitRules(t: (key: string) => string): FormRules {
  const required = { required: true, whitespace: true, message: t('validation.required'), trigger: 'blur' };
  return {
    description: [required, { max: 4000, message: t('validation.tooLong'), trigger: 'blur' }],
    'citizen.phone': [
      required,
      {
        trigger: 'blur',
        validator: (_rule: unknown, value: string, done: (err?: Error) => void) => (looksLikePhone(value ?? '') ? done() : done(new Error(t('validation.phone')))),
      },
    ],
  };
}

export interface CreatedTicket {
  ticketNo: string;
  status: string;
  createdAt: string;
  emergency?: { flagged: boolean; advice: string | null } | null;
}

/**
 * Sends the form. Sending the same body again (after a timeout or an error) reuses the key, so the
 * server answers with the ticket it may already have made; a changed body is a new submission.
 */
export function createSubmitter() {
  let last: { json: string; key: string } | null = null;
  return async (body: SubmitBody): Promise<CreatedTicket> => {
    const json = JSON.stringify(body);
    const key = last?.json === json ? last.key : newIdempotencyKey('webform');
    last = { json, key };
    const created = await api<CreatedTicket>('/public/tickets', { method: 'POST', body, idempotencyKey: key, anonymous: true });
    last = null;
    return created;
  };
}
