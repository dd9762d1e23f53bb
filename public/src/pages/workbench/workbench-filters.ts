// The views of the workbench's queue, per role: which tickets the list asks the server for and in
// which order. These choose what to look at; what may be done with a ticket is the server's answer.
import type { Role } from '../../api/types';
import type { TicketQuery } from '../../components/ticket-page';

export interface QueueFilter {
  /** workbench.filter.<key> names it. */
  key: string;
  query: Omit<TicketQuery, 'q'>;
}

/** The work in hand: tickets whose department clock runs, either of them (the server knows in which statuses). */
const inHand: QueueFilter['query'] = { clock: 'accept,reply', sort: 'due' };
const overdue: QueueFilter = { key: 'overdue', query: { ...inHand, overdue: true } };
const replied: QueueFilter = { key: 'replied', query: { status: 'replied', sort: 'created' } };
// Everything in scope: the running clocks first, soonest due, then the rest newest first.
const all: QueueFilter = { key: 'all', query: { sort: 'due' } };

const byRole: Partial<Record<Role, QueueFilter[]>> = {
  handler: [{ key: 'todo', query: inHand }, overdue, replied, all],
  supervisor: [{ key: 'open', query: inHand }, overdue, replied, { key: 'closed', query: { status: 'closed', sort: 'created' } }, all],
};

export function filtersFor(role: Role): QueueFilter[] {
  return byRole[role] ?? byRole.handler ?? [];
}
