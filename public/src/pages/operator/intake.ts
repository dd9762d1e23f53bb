// The intake form's values and how they become the body of `POST /tickets` (SPEC section 10), plus
// what the browser can check before sending. The server checks everything again and has the last word.
import type { TicketDetail } from '../../api/types';
import { i18n } from '../../i18n';

/** Lines and channels an operator takes calls on (110 hands matters over by API, never by phone here). */
export const intakeLines = ['12345', '12369'] as const;
export const intakeChannels = ['phone', 'wechat', 'email', 'web', 'app'] as const;
export const intakeTypes = ['consult', 'help', 'complaint', 'report', 'suggestion', 'praise'] as const;
export const intakeUrgencies = ['normal', 'urgent', 'critical'] as const;

/** The longest texts the API accepts, kept in step so that the browser stops the operator first. */
export const MAX = { description: 4000, name: 100, title: 200, address: 300 } as const;

export interface IntakeModel {
  line: string;
  channel: string;
  type: string;
  urgency: string;
  description: string;
  categoryCode: string;
  title: string;
  name: string;
  phone: string;
  anonymous: boolean;
  callbackConsent: boolean;
  districtCode: string;
  street: string;
  address: string;
}

/** A new call: a phone call on 12345, a complaint unless the operator says otherwise (the commonest case). */
export function newIntake(): IntakeModel {
  return {
    line: '12345',
    channel: 'phone',
    type: 'complaint',
    urgency: 'normal',
    description: '',
    categoryCode: '',
    title: '',
    name: '',
    phone: '',
    anonymous: false,
    callbackConsent: true,
    districtCode: '',
    street: '',
    address: '',
  };
}

/** The form items, by the API's field path, that show a server problem beside themselves. */
export const intakeFields = [
  'line',
  'channel',
  'type',
  'urgency',
  'description',
  'categoryCode',
  'title',
  'citizen.name',
  'citizen.phone',
  'location.districtCode',
  'location.street',
  'location.address',
  'answeredOnSpot.answer',
] as const;

export interface CreateTicketBody {
  line: string;
  channel: string;
  type: string;
  urgency: string;
  description: string;
  categoryCode?: string;
  title?: string;
  citizen: { name?: string; phone?: string; anonymous: boolean; callbackConsent: boolean };
  location?: { districtCode?: string; street?: string; address?: string };
  answeredOnSpot?: { answer: string };
}

/** Trimmed text, or undefined when empty: the API takes an absent field, not an empty one. */
const text = (s: string) => s.trim() || undefined;

export function intakeBody(m: IntakeModel, answer?: string): CreateTicketBody {
  const location = { districtCode: text(m.districtCode), street: text(m.street), address: text(m.address) };
  return {
    line: m.line,
    channel: m.channel,
    type: m.type,
    urgency: m.urgency,
    description: m.description.trim(),
    categoryCode: text(m.categoryCode),
    title: text(m.title),
    citizen: { name: text(m.name), phone: text(m.phone), anonymous: m.anonymous, callbackConsent: m.callbackConsent },
    location: Object.values(location).some(Boolean) ? location : undefined,
    answeredOnSpot: answer === undefined ? undefined : { answer: answer.trim() },
  };
}

/** Mainland mobile or landline numbers, as the API reads them: spaces, dashes and +86 are dropped. */
export function plausiblePhone(raw: string): boolean {
  const digits = raw.trim().replace(/[\s-]/g, '').replace(/^\+?86/, '');
  return digits === '' || /^\d{7,12}$/.test(digits);
}

/** The form's own checks, in the reader's language (a function: the words follow a language switch). */
export function intakeRules() {
  const t = (key: string) => i18n.global.t(key);
  return {
    // Checked on submit only: a new call's empty box must not be flagged when the focus merely passes.
    description: [{ required: true, whitespace: true, message: t('validation.required'), trigger: 'submit' }],
    phone: [
      {
        validator: (_rule: unknown, value: string, done: (e?: Error) => void) => done(plausiblePhone(value ?? '') ? undefined : new Error(t('validation.phone'))),
        trigger: 'blur',
      },
    ],
  };
}

/** The intake response's emergency notice (SPEC section 7.1): shown only when it is raised. */
export interface EmergencyNotice {
  flagged: boolean;
  kind: string | null;
  matches: string[];
  advice: string | null;
}

// The intake answer's `emergency` is the screening's notice, not the read's flag (routing has not run yet).
export type CreatedTicket = Omit<TicketDetail, 'emergency'> & { emergency?: EmergencyNotice | boolean | null };

export function emergencyOf(ticket: CreatedTicket): EmergencyNotice | null {
  const e = ticket.emergency;
  if (e === true) return { flagged: true, kind: null, matches: [], advice: null };
  return e && typeof e === 'object' && e.flagged ? e : null;
}
