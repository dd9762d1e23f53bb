import type { TicketChangeObserver } from '../tickets';
import type { Completion, SurveyOutcome, SurveysRepository } from './surveys.repository';

/** The survey row's ending, read from the survey action's event data (see the survey handler). */
export function completionOf(data: Record<string, unknown>, at: Date, departmentId: number | null): Completion {
  let outcome: SurveyOutcome;
  if (data.noCallbackConsent === true) outcome = 'no_consent';
  else if (data.unreachable === true) outcome = 'unreachable';
  else outcome = data.satisfaction as SurveyOutcome;
  return {
    outcome,
    at,
    departmentId,
    escalated: data.escalated === true,
    contacted: data.contacted as boolean | undefined,
    resolved: data.resolved as string | undefined,
    comment: data.comment as string | undefined,
  };
}

/**
 * Keeps the survey rows in step with the tickets, inside each change's transaction: a reply opens
 * a survey for its citizen and for the citizen of every ticket merged into it; the survey action
 * counts a call or ends the survey; a replied ticket that is cancelled or merged ends it unasked.
 */
export function createSurveyObserver(repo: SurveysRepository): TicketChangeObserver {
  return {
    async inTransaction(tx, { before, after, event }) {
      const wasReplied = before?.status === 'replied';
      const isReplied = after.status === 'replied';
      const now = event.created_at;

      if (isReplied && !wasReplied) {
        const reply = { repliedTicketId: after.id, departmentId: after.department_id, repliedAt: after.replied_at ?? now, now };
        await repo.open(tx, { ...reply, ticketId: after.id });
        const children = await repo.mergedInto(tx, after.id);
        for (const childId of children) await repo.open(tx, { ...reply, ticketId: childId });
        // Every caller attached to the ticket, or to one merged into it, is asked about the reply too.
        for (const caller of await repo.callersOf(tx, [after.id, ...children])) await repo.open(tx, { ...reply, ticketId: caller.ticket_id, callerId: caller.id });
      }

      // A caller who joins a ticket already replied is asked about that reply.
      if (event.action === 'caller-joined' && isReplied && typeof event.data.callerId === 'number') {
        await repo.open(tx, { ticketId: after.id, callerId: event.data.callerId, repliedTicketId: after.id, departmentId: after.department_id, repliedAt: after.replied_at ?? now, now });
      }

      if (wasReplied) {
        const open = await repo.openForTicket(tx, after.id);
        if (open && event.action === 'survey') {
          if (isReplied) await repo.recordAttempt(tx, open.id, now);
          else await repo.complete(tx, open.id, completionOf(event.data, now, after.department_id));
        } else if (open && !isReplied) {
          await repo.complete(tx, open.id, { outcome: 'withdrawn', at: now });
        }
      }

      // Merged into a ticket that is already replied: this citizen is asked about that reply too.
      if (event.action === 'merge' && after.parent_ticket_id !== null) {
        const parent = await repo.ticketState(tx, after.parent_ticket_id);
        if (parent?.status === 'replied' && parent.replied_at) {
          await repo.open(tx, { ticketId: after.id, repliedTicketId: after.parent_ticket_id, departmentId: parent.department_id, repliedAt: parent.replied_at, now });
        }
      }
    },
  };
}
