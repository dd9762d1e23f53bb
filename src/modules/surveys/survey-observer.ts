import type { Tx } from '../../db/knex';
import type { TicketChangeFact, TicketChangeObserver, TicketsRepository } from '../tickets';
import type { Completion, NewSurvey, SurveyOutcome, SurveysRepository } from './surveys.repository';

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
 * A batch of changes (people's actions arriving together) takes a statement per kind of write.
 */
export function createSurveyObserver(repo: SurveysRepository, tickets: Pick<TicketsRepository, 'mergedInto'>): TicketChangeObserver {
  /** Every citizen a reply is for: the ticket's own, those of the tickets merged into it, and the callers attached to any of them. */
  async function openForReplies(tx: Tx, replies: TicketChangeFact[]): Promise<void> {
    const merged = await tickets.mergedInto(tx, replies.map((f) => f.after.id));
    const surveys: NewSurvey[] = [];
    const replyOf = new Map<number, Omit<NewSurvey, 'ticketId'>>();
    for (const { after, event } of replies) {
      const reply = { repliedTicketId: after.id, departmentId: after.department_id, repliedAt: after.replied_at ?? event.created_at, now: event.created_at };
      for (const id of [after.id, ...(merged.get(after.id) ?? []).map((c) => c.id)]) {
        replyOf.set(id, reply);
        surveys.push({ ...reply, ticketId: id });
      }
    }
    for (const caller of await repo.callersOf(tx, [...replyOf.keys()])) surveys.push({ ...replyOf.get(caller.ticket_id)!, ticketId: caller.ticket_id, callerId: caller.id });
    await repo.open(tx, surveys);
  }

  /** A replied ticket's change: the survey action counts a call or ends the survey; any other way out of "replied" ends it unasked. */
  async function endOrCount(tx: Tx, changes: TicketChangeFact[]): Promise<void> {
    const open = await repo.openForTickets(tx, changes.map((f) => f.after.id));
    const attempts: { id: number; at: Date }[] = [];
    const endings: { id: number; completion: Completion }[] = [];
    for (const { after, event } of changes) {
      const survey = open.get(after.id);
      const stillReplied = after.status === 'replied';
      if (!survey || (stillReplied && event.action !== 'survey')) continue;
      if (event.action !== 'survey') endings.push({ id: survey.id, completion: { outcome: 'withdrawn', at: event.created_at } });
      else if (stillReplied) attempts.push({ id: survey.id, at: event.created_at });
      else endings.push({ id: survey.id, completion: completionOf(event.data, event.created_at, after.department_id) });
    }
    await repo.recordAttempts(tx, attempts);
    await repo.completeMany(tx, endings);
  }

  async function inTransactionMany(tx: Tx, facts: TicketChangeFact[]): Promise<void> {
    const replies = facts.filter((f) => f.after.status === 'replied' && f.before?.status !== 'replied');
    if (replies.length) await openForReplies(tx, replies);

    // A caller who joins a ticket already replied is asked about that reply.
    const joined = facts.filter((f) => f.event.action === 'caller-joined' && f.after.status === 'replied' && typeof f.event.data.callerId === 'number');
    await repo.open(tx, joined.map(({ after, event }) => ({ ticketId: after.id, callerId: event.data.callerId as number, repliedTicketId: after.id, departmentId: after.department_id, repliedAt: after.replied_at ?? event.created_at, now: event.created_at })));

    const fromReplied = facts.filter((f) => f.before?.status === 'replied');
    if (fromReplied.length) await endOrCount(tx, fromReplied);

    // Merged into a ticket that is already replied: this citizen is asked about that reply too.
    for (const { after, event } of facts.filter((f) => f.event.action === 'merge' && f.after.parent_ticket_id !== null)) {
      const parent = await repo.ticketState(tx, after.parent_ticket_id as number);
      if (parent?.status === 'replied' && parent.replied_at) {
        await repo.open(tx, [{ ticketId: after.id, repliedTicketId: after.parent_ticket_id as number, departmentId: parent.department_id, repliedAt: parent.replied_at, now: event.created_at }]);
      }
    }
  }

  return { inTransactionMany, inTransaction: (tx, fact) => inTransactionMany(tx, [fact]) };
}
