import type { Role } from '../../shared/principal';
import type { TicketStatus } from './ticket.schemas';

/** Statuses in which a ticket is still being worked on (SPEC section 5's "any open"). */
export const openStatuses = ['pending_dispatch', 'dispatched', 'accepted', 'returned', 'replied'] as const satisfies readonly TicketStatus[];

/** Who can act besides signed-in staff: the workers, the citizen (survey link), a partner system. */
export type Actor = Role | 'system' | 'citizen' | 'partner';

export interface Transition {
  from: readonly TicketStatus[];
  /** The status after the action; `same` leaves it; `outcome` means the action's result decides. */
  to: TicketStatus | 'same' | 'outcome';
  by: readonly Actor[];
}

/**
 * The one table of which action moves which status to which, and who may take it (SPEC section 5).
 * Nothing else decides a ticket's status: the action engine looks every move up here.
 */
export const transitions = {
  route: { from: ['pending_dispatch'], to: 'dispatched', by: ['system'] },
  // Routing found no department: the ticket stays in the manual pool with what routing learnt.
  classify: { from: ['pending_dispatch'], to: 'same', by: ['system'] },
  dispatch: { from: ['pending_dispatch', 'returned'], to: 'dispatched', by: ['dispatcher'] },
  accept: { from: ['dispatched'], to: 'accepted', by: ['handler'] },
  return: { from: ['dispatched', 'accepted'], to: 'returned', by: ['handler'] },
  'pass-down': { from: ['dispatched', 'accepted'], to: 'dispatched', by: ['handler'] },
  extension: { from: ['accepted'], to: 'same', by: ['handler'] },
  'extension/decision': { from: ['accepted'], to: 'same', by: ['supervisor'] },
  reply: { from: ['accepted'], to: 'replied', by: ['handler'] },
  survey: { from: ['replied'], to: 'outcome', by: ['operator', 'citizen', 'system'] },
  reopen: { from: ['closed'], to: 'dispatched', by: ['supervisor'] },
  merge: { from: openStatuses, to: 'merged', by: ['dispatcher'] },
  // Supervisors urge any ticket; a department's handler urges the tickets of its sub-units (ticket-policy.ts).
  urge: { from: openStatuses, to: 'same', by: ['supervisor', 'handler'] },
  // The department that passed a ticket down takes it back (收回), under the same due times.
  recall: { from: ['dispatched', 'accepted'], to: 'dispatched', by: ['handler'] },
  'transfer-110': { from: ['pending_dispatch'], to: 'transferred_110', by: ['operator', 'dispatcher', 'system'] },
  // A person judged a flagged possible emergency not to be one: routing continues (issue 13).
  'not-emergency': { from: ['pending_dispatch'], to: 'same', by: ['operator', 'dispatcher'] },
  cancel: { from: openStatuses, to: 'cancelled', by: ['operator', 'supervisor'] },
  // A citizen's later call about an open ticket (催办, 补充, 撤单申请): recorded, the status unchanged.
  'follow-up': { from: openStatuses, to: 'same', by: ['operator'] },
  // A citizen's withdraw request judged unfounded: the ticket goes on (granting one is a cancel, SPEC's who).
  'dismiss-withdrawal': { from: openStatuses, to: 'same', by: ['dispatcher', 'supervisor'] },
  // Another citizen reporting the same open matter joins its ticket instead of making a new one.
  'attach-caller': { from: openStatuses, to: 'same', by: ['operator'] },
  // A merged ticket takes its parent's reply and closure onto its own timeline (done by the engine).
  'follow-parent': { from: ['merged'], to: 'same', by: ['system'] },
} as const satisfies Record<string, Transition>;

export type ActionName = keyof typeof transitions;
export const actionNames = Object.keys(transitions) as ActionName[];

/** Actions only the system takes: routing's, and a merged ticket following its parent. */
const systemOnly: readonly ActionName[] = ['route', 'classify', 'follow-parent'];

/** Actions a person calls through `POST /tickets/{id}/<action>`. */
export const httpActions = actionNames.filter((a) => !systemOnly.includes(a));

export function isOpen(status: TicketStatus): boolean {
  return (openStatuses as readonly TicketStatus[]).includes(status);
}

export function allowsFrom(action: ActionName, status: TicketStatus): boolean {
  return (transitions[action].from as readonly TicketStatus[]).includes(status);
}

export function allowsActor(action: ActionName, actor: Actor): boolean {
  return (transitions[action].by as readonly Actor[]).includes(actor);
}
