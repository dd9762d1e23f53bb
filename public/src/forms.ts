// A failed call, said in the reader's language: each field's problem beside its form item (Element
// Plus's `error` prop), the rest in the form's message. Never zod's English or a bare error code.
import { reactive, ref } from 'vue';
import { ApiError, type FieldProblem } from './api/client';
import { i18n } from './i18n';

const t = (key: string, vars: Record<string, unknown> = {}) => i18n.global.t(key, vars);

/** Zod's issue codes and wording, as words a citizen or an operator reads at a glance. */
const byMessage: Array<[RegExp, string]> = [
  [/phone number/i, 'validation.phone'],
  [/last 4 digits/i, 'validation.phone4'],
  [/ticket number/i, 'validation.ticketNo'],
  [/district code/i, 'validation.district'],
  [/received undefined|expected nonoptional|Required/i, 'validation.required'],
  [/Too big|<=\d+ characters/i, 'validation.tooLong'],
];

export function fieldMessage(p: FieldProblem): string {
  // A rule of the server's own (e.g. the password policy's common_password), worded by the page that shows it.
  if (p.code && (i18n.global.te(`validation.${p.code}`) || i18n.global.te(`validation.${p.code}`, 'zh-CN'))) return t(`validation.${p.code}`);
  const hit = byMessage.find(([re]) => re.test(p.message));
  if (hit) return t(hit[1]);
  if (p.code === 'too_small' || (p.code === 'invalid_type' && /undefined/.test(p.message))) return t('validation.required');
  if (p.code === 'too_big') return t('validation.tooLong');
  return t('validation.invalid');
}

/** The message for a failed call: the known code's words, else a general one. */
export function errorText(err: unknown): string {
  if (!(err instanceof ApiError)) return t('error.unexpected');
  if (err.status === 0) return t('error.NETWORK');
  if (err.code === 'VALIDATION_FAILED' && err.fieldProblems.length) return t('error.fieldsToCheck', { n: err.fieldProblems.length });
  const key = `error.${err.code}`;
  return i18n.global.te(key) || i18n.global.te(key, 'zh-CN') ? t(key) : `${t('error.unexpected')} (${err.status})`;
}

/**
 * A form's server-side problems: `fields[path]` for the form items that show them, `message` for the
 * rest. `fields` is keyed by the API's field path (`citizen.phone`), which is also each item's `prop`.
 */
export function useServerErrors() {
  const fields = reactive<Record<string, string>>({});
  const message = ref('');
  const clear = () => {
    for (const k of Object.keys(fields)) delete fields[k];
    message.value = '';
  };
  /** `known`: the field paths this form shows; problems with any other field go to the message. */
  const show = (err: unknown, known: readonly string[] = []) => {
    clear();
    const problems = err instanceof ApiError ? err.fieldProblems : [];
    const rest: string[] = [];
    for (const p of problems) {
      if (known.includes(p.field)) fields[p.field] = fieldMessage(p);
      else rest.push(`${p.field}: ${fieldMessage(p)}`);
    }
    message.value = [errorText(err), ...rest].join(' ');
  };
  return { fields, message, clear, show };
}
