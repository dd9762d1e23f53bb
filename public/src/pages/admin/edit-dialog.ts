// The create/edit dialog of an admin tab: the form filled from a row (or blank), the server's field
// problems beside their items, and the list reloaded after a save. EditDialog.vue draws it.
import { reactive, ref, type Ref } from 'vue';
import { ElMessage } from 'element-plus';
import { ApiError } from '../../api/client';
import { useServerErrors } from '../../forms';
import { i18n } from '../../i18n';

/**
 * A field the request's address is made of (a day, a partner's name), left empty: there is nothing
 * to send, and the form says so beside the field, as it would for a field of the body.
 */
export const missingField = (field: string) => new ApiError(400, { code: 'VALIDATION_FAILED', details: [{ field, message: 'Required', code: 'too_small' }] });

/** What EditDialog.vue needs of a dialog, whatever its row and form. */
export interface EditDialogState {
  visible: Ref<boolean>;
  saving: Ref<boolean>;
  errors: ReturnType<typeof useServerErrors>;
  close(): void;
  submit(): Promise<void>;
}

export function useEditDialog<Row, Form extends object>(opts: {
  blank: () => Form;
  fromRow: (row: Row) => Form;
  /** The field paths the form shows beside their items; the server's other problems go to the dialog's message. */
  fields: readonly string[];
  /** Writes the form; may answer the message to show (else "saved"). */
  save: (form: Form, editing: Row | null) => Promise<string | void>;
  /** After a save, e.g. the list's load. */
  saved: () => Promise<unknown>;
}) {
  const visible = ref(false);
  const saving = ref(false);
  const editing = ref<Row | null>(null) as Ref<Row | null>;
  const form = reactive(opts.blank()) as Form;
  const errors = useServerErrors();

  function open(row: Row | null): void {
    editing.value = row;
    Object.assign(form, row === null ? opts.blank() : opts.fromRow(row));
    errors.clear();
    visible.value = true;
  }
  function close(): void {
    visible.value = false;
  }
  async function submit(): Promise<void> {
    saving.value = true;
    try {
      const message = await opts.save(form, editing.value);
      ElMessage.success(message || i18n.global.t('admin.saved'));
      visible.value = false;
      await opts.saved();
    } catch (err) {
      errors.show(err, opts.fields);
    } finally {
      saving.value = false;
    }
  }
  return { visible, saving, editing, form, errors, open, close, submit };
}
