import { ConflictError, ForbiddenError, type AppError } from '../../shared/errors';
import type { Principal } from '../../shared/principal';
import type { DepartmentDirectory } from '../departments';
import { allowsActor, allowsFrom, httpActions, type ActionName } from './actions';
import { receivesTickets } from './dispatch-targets';
import type { Actor } from './transitions';
import type { TicketRow } from './tickets.repository';

/**
 * Who may do what with a ticket, now: the one owner of the rule. The action engine asks `canAct`
 * before it changes anything, and a read lists `allowedActions` from the same function, so a page
 * never offers what the server would refuse, and the server never refuses what it offered.
 */

/** A lifecycle action, or reading the citizen's full phone number. */
export type TicketAction = ActionName | 'reveal-phone';

/** What the rules look at besides the caller and the ticket. */
export interface PolicyContext {
  directory: DepartmentDirectory;
  now: Date;
}

export type Verdict = { allowed: true } | { allowed: false; refusal: AppError };

export function actorOf(principal: Principal): Actor {
  switch (principal.kind) {
    case 'user':
      return principal.role;
    case 'api_key':
      return 'partner';
    case 'public':
      return 'citizen';
    case 'system':
      return 'system';
  }
}

/**
 * Whether a caller may see a ticket at all. Handlers see their department's tickets and those of
 * its sub-units (to supervise them); partner systems the tickets they handed in; the centre's staff
 * everything. A ticket one may not see answers 404, as if it did not exist.
 */
export function canRead(principal: Principal, ticket: TicketRow, directory: DepartmentDirectory): boolean {
  switch (principal.kind) {
    case 'public':
      return false;
    case 'system':
      return true;
    case 'api_key':
      return ticket.created_by_api_key_id === principal.apiKeyId;
    case 'user':
      if (principal.role !== 'handler') return true;
      return ticket.department_id !== null && directory.isWithin(ticket.department_id, principal.departmentId);
  }
}

/**
 * canRead as a filter a query can apply (SQL), so that lists and suggestions are made of visible
 * tickets instead of being filtered after the fact: `departmentIds` the departments whose tickets
 * the caller sees (none: every department), `createdByApiKeyId` a partner's own hand-ins. Kept next
 * to canRead, and tested against it, so that the two never disagree.
 */
export interface ReadScope {
  departmentIds?: number[];
  createdByApiKeyId?: number;
}

export function readScope(principal: Principal, directory: DepartmentDirectory): ReadScope {
  switch (principal.kind) {
    case 'system':
      return {};
    case 'api_key':
      return { createdByApiKeyId: principal.apiKeyId };
    case 'user':
      return principal.role === 'handler' ? { departmentIds: directory.subtreeIds(principal.departmentId) } : {};
    case 'public':
      return { departmentIds: [] };
  }
}


/**
 * Why an action is refused, made into its error only when someone asks: allowedActions asks about
 * every action for every ticket it shows, and an Error per refused action (each capturing a stack)
 * was about 6% of the web process's CPU under intake load (a profile of `npm run bench -- --only intake`).
 */
type Refusal = () => AppError;

function undecidedEmergency(t: TicketRow): Refusal | null {
  return t.emergency_kind !== null
    ? () => new ConflictError('EMERGENCY_UNDECIDED', 'Flagged as a possible emergency: transfer it to 110 or record that it is not an emergency first')
    : null;
}

type Precondition = (ticket: TicketRow, principal: Principal, ctx: PolicyContext) => Refusal | null;

/** What must hold of the ticket itself, beyond its status, for an action to be possible now. */
const preconditions: { [A in TicketAction]?: Precondition } = {
  return: (t, _p, { now }) =>
    !t.return_due_at || now > t.return_due_at
      ? () => new ConflictError('RETURN_WINDOW_CLOSED', `Returns were allowed until ${t.return_due_at?.toISOString() ?? 'dispatch'}`)
      : null,

  // A street (the bottom of the tree) has nobody to pass down to.
  'pass-down': (t, _p, { directory }) =>
    t.department_id !== null && directory.children(t.department_id).some(receivesTickets)
      ? null
      : () => new ConflictError('NO_SUB_UNITS', 'The department holding this ticket has no sub-units to pass it down to'),

  // A request for more days than remain is a 400 on the body (the handler's); none remaining is a 409 here.
  extension: (t) => {
    if (t.pending_extension_days !== null) return () => new ConflictError('EXTENSION_PENDING', 'An extension request is already waiting for a decision');
    if (t.extension_working_days >= t.max_extension_working_days) {
      return () => new ConflictError('EXTENSION_LIMIT_REACHED', `Extensions may total at most ${t.max_extension_working_days} working days, all granted already`);
    }
    return null;
  },

  'extension/decision': (t) => (t.pending_extension_days === null ? () => new ConflictError('NO_PENDING_EXTENSION', 'There is no extension request to decide') : null),

  // Only the survey worker closes the survey of a citizen who declined callbacks (SPEC section 9).
  survey: (t, p) =>
    !t.callback_consent && p.kind !== 'system'
      ? () => new ConflictError('NO_CALLBACK_CONSENT', 'The citizen declined callbacks: this survey is closed without a call')
      : null,

  // A possible emergency leaves the pool only by a person's decision: to 110, or "not an emergency".
  dispatch: (t) => undecidedEmergency(t),
  merge: (t) => undecidedEmergency(t),
  cancel: (t) => undecidedEmergency(t),
  'not-emergency': (t) =>
    t.emergency_kind === null ? () => new ConflictError('NOT_FLAGGED_EMERGENCY', 'This ticket is not flagged as a possible emergency') : null,

  'dismiss-withdrawal': (t) => (t.withdraw_requested_at === null ? () => new ConflictError('NO_WITHDRAW_REQUEST', 'No withdraw request from the citizen waits on this ticket') : null),

  'reveal-phone': (t) => (t.citizen_phone === null ? () => new ConflictError('NO_PHONE', 'The citizen left no phone number') : null),

  // Only the department that passed it down takes it back (the handler's department, checked above to be higher up).
  recall: (t, p) =>
    p.kind === 'user' && t.passed_down_from_id === p.departmentId ? null : () => new ConflictError('NOT_PASSED_DOWN_BY_YOU', 'This department did not pass the ticket down to the one holding it'),
};

/** What a department does to its sub-units' tickets rather than to its own. */
const supervisingActions: readonly TicketAction[] = ['urge', 'recall'];

/** Whether the department is above (not at) the one holding the ticket. */
function isAboveHolder(departmentId: number, ticket: TicketRow, directory: DepartmentDirectory): boolean {
  return ticket.department_id !== null && ticket.department_id !== departmentId && directory.isWithin(ticket.department_id, departmentId);
}

/** Who may take the action at all: a lifecycle action by the transition table, a phone reveal by any staff. */
function allowsCaller(principal: Principal, action: TicketAction): boolean {
  if (action === 'reveal-phone') return principal.kind === 'user';
  return allowsActor(action, actorOf(principal));
}

/** Why this caller may not take this action on this ticket now, or null if they may (canAct's rule). */
function refusalOf(principal: Principal, action: TicketAction, ticket: TicketRow, ctx: PolicyContext): Refusal | null {
  if (!allowsCaller(principal, action)) return () => new ForbiddenError(`A ${actorOf(principal)} may not ${action} a ticket`, 'ACTION_NOT_ALLOWED');
  // A department supervises its sub-units' tickets (it reads them, urges them, recalls one it passed
  // down) but only the holder works on one (SPEC section 5).
  if (action !== 'reveal-phone' && principal.kind === 'user' && principal.role === 'handler') {
    if (supervisingActions.includes(action)) {
      if (!isAboveHolder(principal.departmentId, ticket, ctx.directory)) {
        return () => new ForbiddenError(`Only a department above the one holding this ticket may ${action} it`, 'NOT_SUPERVISING_DEPARTMENT');
      }
    } else if (ticket.department_id !== principal.departmentId) {
      return () => new ForbiddenError(`Only the department holding this ticket may do this (${action})`, 'NOT_HOLDING_DEPARTMENT');
    }
  }
  if (action !== 'reveal-phone' && !allowsFrom(action, ticket.status)) {
    return () => new ConflictError('INVALID_TRANSITION', `Cannot ${action} a ticket that is ${ticket.status}`, [{ status: ticket.status, action }]);
  }
  return preconditions[action]?.(ticket, principal, ctx) ?? null;
}

/**
 * Whether this caller may take this action on this ticket now, and if not, the error that says why:
 * 403 for who the caller is, 409 for the state the ticket is in. A ticket the caller may not read
 * is the engine's 404 before this is asked. What the action's body says is the handlers' concern.
 */
export function canAct(principal: Principal, action: TicketAction, ticket: TicketRow, ctx: PolicyContext): Verdict {
  const refusal = refusalOf(principal, action, ticket, ctx);
  return refusal ? { allowed: false, refusal: refusal() } : { allowed: true };
}

/** Every action a person can ask for by URL, in the order of the transition table. */
const personActions: readonly TicketAction[] = [...httpActions, 'reveal-phone'];

/** Exactly the actions this caller may take on this ticket now (SPEC section 5's `allowedActions`). */
export function allowedActions(principal: Principal, ticket: TicketRow, ctx: PolicyContext): TicketAction[] {
  return personActions.filter((action) => refusalOf(principal, action, ticket, ctx) === null);
}
