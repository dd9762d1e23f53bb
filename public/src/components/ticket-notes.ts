// What a ticket's timeline says that a person acting on it must see at a glance.
import type { TicketDetail, TimelineEvent } from '../api/types';

const latest = (ticket: TicketDetail, action: string): TimelineEvent | null => {
  const found = (ticket.timeline ?? []).filter((e) => e.action === action);
  return found.length ? found[found.length - 1] : null;
};

/** The extension request waiting for a supervisor (the server says whether one waits), with when it was asked. */
export function pendingExtension(ticket: TicketDetail): { workingDays: number; reason: string; at: string | null } | null {
  if (!ticket.pendingExtension) return null;
  return { ...ticket.pendingExtension, at: latest(ticket, 'extension')?.at ?? null };
}

/** The latest urge (督办) while the department's clock runs, i.e. while someone has to act on it. */
export function activeUrge(ticket: TicketDetail): TimelineEvent | null {
  return ticket.clock ? latest(ticket, 'urge') : null;
}

/** Why the department sent the ticket back, while it waits in the pool to be dispatched again. */
export function returnReason(ticket: TicketDetail): TimelineEvent | null {
  const ret = latest(ticket, 'return');
  // Still in the state the return left it in: not yet dispatched again.
  return ret && ticket.status === ret.toStatus ? ret : null;
}

/** The suggested duplicates with where and when each was reported. */
export function duplicatesOf(ticket: TicketDetail): Array<{ id: number; ticketNo: string; status: string; createdAt: string | null; address: string | null; distance: number | null }> {
  return (ticket.suggestedDuplicates ?? []).map((d) => ({
    id: d.id,
    ticketNo: d.ticketNo,
    status: d.status,
    createdAt: d.createdAt,
    address: d.address,
    distance: d.distanceM,
  }));
}

/** What the routing model said (the server's ModelOpinion on the routing event), shown while the ticket waits in the pool. */
export interface RoutingSuggestions {
  version: string;
  confidence: number;
  words: string[];
  suggestions: Array<{ categoryCode: string; confidence: number }>;
}

/** The model's top suggestions for a ticket it left to a person, while it is still to be dispatched. */
export function routingSuggestions(ticket: TicketDetail): RoutingSuggestions | null {
  if (ticket.status !== 'pending_dispatch') return null;
  const model = latest(ticket, 'classify')?.data?.model as RoutingSuggestions | undefined;
  return model && model.suggestions.length > 0 ? model : null;
}

/**
 * The citizen's later calls while the ticket is open (SPEC section 5's follow-up): the facts added
 * (supplements) and chases, newest first, which the handler must see without reading the timeline.
 * A withdraw request has its own note while it waits (ticket.withdrawRequest) and the timeline after.
 */
export function followUpCalls(ticket: TicketDetail): TimelineEvent[] {
  if (!ticket.clock && ticket.status !== 'returned' && ticket.status !== 'pending_dispatch') return [];
  return (ticket.timeline ?? []).filter((e) => e.action === 'follow-up' && e.data?.kind !== 'withdraw_request').reverse();
}
