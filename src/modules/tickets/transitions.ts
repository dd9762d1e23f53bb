import type { Role } from '../../shared/principal';
import type { TicketStatus } from './ticket.schemas';

/** Statuses in which a ticket is still being worked on (SPEC section 5's "any open"). */
export const openStatuses = ['pending_dispatch', 'dispatched', 'accepted', 'returned', 'replied'] as const satisfies readonly TicketStatus[];

/** Who can act besides signed-in staff: the workers, the citizen (survey link), a partner system. */
export type Actor = Role | 'system' | 'citizen' | 'partner';

/**
 * An action's move (SPEC section 5): each action declares its own in actions.ts, and the transition
 * table derived from those declarations is the only thing that decides a ticket's status.
 */
export interface Transition {
  from: readonly TicketStatus[];
  /** The status after the action; `same` leaves it; `outcome` means the action's result decides. */
  to: TicketStatus | 'same' | 'outcome';
  by: readonly Actor[];
}

export function isOpen(status: TicketStatus): boolean {
  return (openStatuses as readonly TicketStatus[]).includes(status);
}
