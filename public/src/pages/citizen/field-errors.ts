// One form's problems, whoever found them: the el-form rules (checked in the browser) or the server's
// 400. Element Plus shows the message under its item but leaves the control itself unmarked for
// assistive technology, so each control also gets aria-invalid and an aria-describedby pointing at
// the message (FormField renders the message with that id).
import { nextTick, reactive, watch, type Ref } from 'vue';
import type { FormInstance, FormItemProp } from 'element-plus';
import { useServerErrors } from '../../forms';
import { i18n } from '../../i18n';

export interface FieldAria {
  'aria-invalid'?: 'true';
  'aria-describedby'?: string;
}

export function useFieldErrors(form: Ref<FormInstance | undefined>) {
  const server = useServerErrors();
  /** What the el-form rules said last, by prop; kept in step through el-form's `validate` event. */
  const client = reactive<Record<string, string>>({});
  let lastFailure: { err: unknown; known: readonly string[] } | null = null;

  // Messages already on screen are words, not keys: say them again in the language just chosen.
  // After the re-render ('post'), so that the form items hold the rules in the new language.
  watch(
    i18n.global.locale,
    () => {
      if (lastFailure) server.show(lastFailure.err, lastFailure.known);
      const shown = Object.keys(client);
      if (shown.length) form.value?.validateField(shown).catch(() => undefined);
    },
    { flush: 'post' },
  );

  const errorOf = (prop: string): string => server.fields[prop] || client[prop] || '';
  const errorId = (controlId: string) => `${controlId}-error`;

  return {
    server,
    errorOf,
    errorId,
    /** el-form's `@validate` handler. */
    onValidate(prop: FormItemProp, valid: boolean, message: string) {
      const key = Array.isArray(prop) ? prop.join('.') : String(prop);
      if (valid) delete client[key];
      else client[key] = message;
    },
    /** The attributes that mark the control `controlId` of `prop`; `hintId` is its standing hint, if any. */
    aria(prop: string, controlId: string, hintId?: string): FieldAria {
      const invalid = errorOf(prop) !== '';
      const describedBy = [hintId, invalid ? errorId(controlId) : undefined].filter(Boolean).join(' ');
      return { 'aria-invalid': invalid ? 'true' : undefined, 'aria-describedby': describedBy || undefined };
    },
    /** A failed call: field problems beside the fields in `known`, the rest in the form's message. */
    show(err: unknown, known: readonly string[]) {
      lastFailure = { err, known };
      server.show(err, known);
    },
    /** Once the citizen changes a field, the server's verdict on its old value no longer applies. */
    forgetOnChange(model: object, props: readonly string[]) {
      for (const prop of props) watch(() => valueAt(model, prop), () => delete server.fields[prop]);
    },
    /** Before a new attempt, or when the form starts again. */
    clear() {
      lastFailure = null;
      server.clear();
      for (const k of Object.keys(client)) delete client[k];
      form.value?.clearValidate();
    },
  };
}

function valueAt(model: object, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], model);
}

export type FieldErrors = ReturnType<typeof useFieldErrors>;

/** Focuses the first control marked invalid in `root` (after Vue has drawn the marks). */
export function focusFirstInvalid(root: HTMLElement | null | undefined): void {
  const control = root?.querySelector<HTMLElement>('[aria-invalid="true"]');
  const target = control?.matches('input, select, textarea') ? control : control?.querySelector<HTMLElement>('input, select, textarea');
  target?.focus();
}

/** Checks the form's own rules; when one fails, focuses the first marked control once Vue has drawn the marks. */
export async function passesRules(form: FormInstance | undefined): Promise<boolean> {
  if (await form?.validate().catch(() => false)) return true;
  await nextTick();
  focusFirstInvalid(form?.$el);
  return false;
}
