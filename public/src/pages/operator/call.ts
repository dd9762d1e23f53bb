// One call, one ticket. The call holds its Idempotency-Key from "new call" to the next "new call":
// a second submit (a double Ctrl+Enter, a retry after a network error) can never make a second
// ticket: while a submit is in flight another is ignored, after success the ticket already made is
// shown again, and should a request get through anyway the server answers with the same ticket.
import { reactive, ref } from 'vue';
import { api, newIdempotencyKey } from '../../api/client';
import type { TicketDetail } from '../../api/types';
import { useServerErrors } from '../../forms';
import { emergencyOf, intakeBody, intakeFields, newIntake, type CreatedTicket, type EmergencyNotice } from './intake';

/** A message kept as key and values, so that it follows a language switch. */
export interface Said {
  kind: 'success' | 'info' | 'warning';
  key: string;
  vars: Record<string, unknown>;
}

export type SubmitResult = 'created' | 'already' | 'failed' | 'busy';

/** How long routing usually takes (SPEC: within a second); then the ticket is read once more. */
const ROUTING_SETTLES_MS = 1500;

export function useCall() {
  const model = reactive(newIntake());
  const key = ref(newIdempotencyKey('call'));
  const ticket = ref<TicketDetail | null>(null);
  const emergency = ref<EmergencyNotice | null>(null);
  const busy = ref(false);
  const said = ref<Said | null>(null);
  const errors = useServerErrors();
  /** Bumped to ask the result panel to take the focus (a repeated submit shows it again). */
  const showAgain = ref(0);
  let settleTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * Sends the call. An answer on the spot comes with the type and category it is recorded under (a
   * consultation by default, the knowledge article's category or the operator's), which the form
   * then shows, so that what was recorded is what is on screen.
   */
  async function submit(answer?: string, recordedAs?: { type: string; categoryCode: string }): Promise<SubmitResult> {
    if (busy.value) return 'busy';
    if (ticket.value) {
      said.value = { kind: 'info', key: 'operator.alreadyCreated', vars: { no: ticket.value.ticketNo } };
      showAgain.value++;
      return 'already';
    }
    busy.value = true;
    errors.clear();
    said.value = null;
    if (recordedAs) Object.assign(model, recordedAs);
    try {
      const created = await api<CreatedTicket>('/tickets', { method: 'POST', body: intakeBody(model, answer), idempotencyKey: key.value });
      // The ticket as read: its emergency flag is set by routing, after this answer.
      ticket.value = { ...created, emergency: null };
      emergency.value = emergencyOf(created);
      const answered = created.status === 'answered';
      said.value = { kind: 'success', key: answered ? 'operator.answeredMsg' : 'operator.createdMsg', vars: { no: created.ticketNo } };
      // The 201 may come before routing has moved the ticket (and before its live push could be matched).
      if (!answered) settleTimer = setTimeout(() => void reread(), ROUTING_SETTLES_MS);
      return 'created';
    } catch (err) {
      errors.show(err, intakeFields);
      return 'failed';
    } finally {
      busy.value = false;
    }
  }

  /** Reads the created ticket again: where routing sent it, its status, the actions now allowed, duplicates. */
  async function reread(): Promise<void> {
    const current = ticket.value;
    if (!current) return;
    try {
      const fresh = await api<TicketDetail>(`/tickets/${encodeURIComponent(current.ticketNo)}`);
      if (ticket.value?.ticketNo === fresh.ticketNo) ticket.value = fresh;
    } catch {
      // the panel keeps what it showed; the ticket itself is safe
    }
  }

  /** A live `ticket:changed`: only the ticket of this call matters here. */
  function changed(ticketNo: string): void {
    if (ticket.value?.ticketNo === ticketNo) void reread();
  }

  /** The answer of an action taken on the ticket (transfer to 110) replaces what the panel shows. */
  function updated(t: TicketDetail): void {
    if (ticket.value?.ticketNo === t.ticketNo) ticket.value = { ...ticket.value, ...t };
  }

  /**
   * Attaches this caller to an open ticket about the same matter instead of making a new one: the
   * call then has its ticket, so a later submit shows it instead of creating another.
   */
  async function attachTo(ticketNo: string): Promise<boolean> {
    if (busy.value || ticket.value) return false;
    busy.value = true;
    errors.clear();
    said.value = null;
    try {
      const body = intakeBody(model);
      const note = model.description.trim();
      await api(`/tickets/${encodeURIComponent(ticketNo)}/attach-caller`, { method: 'POST', body: { citizen: body.citizen, ...(note && { note: note.slice(0, 1000) }) } });
      ticket.value = await api<TicketDetail>(`/tickets/${encodeURIComponent(ticketNo)}`);
      said.value = { kind: 'success', key: 'operator.attachedMsg', vars: { no: ticketNo } };
      return true;
    } catch (err) {
      errors.show(err, intakeFields);
      return false;
    } finally {
      busy.value = false;
    }
  }

  /** A new call: empty form, new key, nothing shown from the last caller. */
  function reset(): void {
    clearTimeout(settleTimer);
    Object.assign(model, newIntake());
    key.value = newIdempotencyKey('call');
    ticket.value = null;
    emergency.value = null;
    said.value = null;
    errors.clear();
  }

  return { model, key, ticket, emergency, busy, said, errors, showAgain, submit, attachTo, changed, updated, reset, dismissEmergency: () => (emergency.value = null) };
}

export type Call = ReturnType<typeof useCall>;
