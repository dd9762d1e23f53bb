import { maskPhone } from '../tickets';
import type { QueueRow } from './surveys.repository';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A survey as the callback queue shows it; the phone is masked (reveal-phone is audited). */
export function surveyView(r: QueueRow, dueAt: Date, now: Date) {
  return {
    id: r.id,
    ticket: { id: r.ticket_id, ticketNo: r.ticket_no, type: r.type, line: r.line, channel: r.channel },
    // The reply being asked about: the ticket's own, or that of the ticket it was merged into.
    reply: { ticketNo: r.replied_ticket_no, merged: r.ticket_id !== r.replied_ticket_id, result: r.reply_result, outcome: r.reply_outcome },
    /** An attached caller (another citizen who reported the same matter), not the ticket's own citizen. */
    attachedCaller: r.caller_id !== null,
    citizen: {
      name: r.citizen_anonymous ? null : r.citizen_name,
      phone: r.citizen_phone === null ? null : maskPhone(r.citizen_phone),
      callbackConsent: r.callback_consent,
    },
    departmentId: r.department_id,
    repliedAt: r.replied_at.toISOString(),
    dueAt: dueAt.toISOString(),
    overdue: r.outcome === null && now > dueAt,
    attempts: r.attempts,
    lastAttemptAt: iso(r.last_attempt_at),
    link: r.token_hash === null ? null : { expiresAt: iso(r.token_expires_at), usedAt: iso(r.token_used_at) },
    outcome: r.outcome,
    completedAt: iso(r.completed_at),
    escalated: r.escalated,
    answers: r.outcome === null ? null : { contacted: r.contacted, resolved: r.resolved, comment: r.comment },
  };
}

export type SurveyView = ReturnType<typeof surveyView>;
