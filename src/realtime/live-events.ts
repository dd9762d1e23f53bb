// The live push's contract (SPEC section 10): namespace, rooms and the typed events it carries.
import type { UserPrincipal } from '../shared/principal';
import type { DepartmentDirectory } from '../modules/departments';
import type { MetricsSnapshot } from '../modules/metrics';

export const LIVE_NAMESPACE = '/live';

export interface TicketChangedPush {
  ticketId: number;
  ticketNo: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  departmentId: number | null;
  /** Where the ticket was before, when the change moved it (the old department learns it left). */
  previousDepartmentId: number | null;
  /** A citizen's follow-up call (action `follow-up`): chase, supplement or withdraw_request. */
  followUp?: string;
  at: string;
}

export interface SlaPush {
  ticketId: number;
  ticketNo: string;
  /** The clock that reached the moment: accept (while dispatched) or reply (once accepted). */
  clock: 'accept' | 'reply';
  departmentId: number | null;
  dueAt: string;
  at: string;
}

/** An emergency 110 has not acknowledged for a minute: phone 110 now (to supervisors and the creating operator). */
export interface EmergencyUndeliveredPush {
  deliveryId: number;
  ticketId: number;
  ticketNo: string;
  message: string;
  error: string;
  since: string;
  at: string;
}

/** A ticket entering or leaving the dispatchers' manual pool (pending dispatch, or returned). */
export interface DispatchPoolPush {
  ticketId: number;
  ticketNo: string;
  change: 'entered' | 'left';
  status: string;
  returned: boolean;
  at: string;
}

/**
 * A citizen's withdraw request, to the dispatchers (and supervisors) who decide it: requested, then
 * dismissed or ended with the ticket (cancelled, closed, merged).
 */
export interface WithdrawRequestPush {
  ticketId: number;
  ticketNo: string;
  change: 'requested' | 'dismissed' | 'ended';
  /** The citizen's words (requested) or the reason it was dismissed. */
  note: string | null;
  status: string;
  departmentId: number | null;
  at: string;
}

/** The metrics of the room: today's figures for everything, or for one department's subtree. */
export type MetricsPush = MetricsSnapshot;

export interface LiveServerEvents {
  metrics: (snapshot: MetricsPush) => void;
  'ticket:changed': (e: TicketChangedPush) => void;
  'sla:at-risk': (e: SlaPush) => void;
  'sla:overdue': (e: SlaPush) => void;
  'dispatch:pool': (e: DispatchPoolPush) => void;
  'emergency:undelivered': (e: EmergencyUndeliveredPush) => void;
  'dispatch:withdraw-request': (e: WithdrawRequestPush) => void;
}

/** Clients only listen. */
export type LiveClientEvents = Record<string, never>;

/** Supervisors, admins and the centre's other staff: every event of every department. */
export const ALL_ROOM = 'all';
const DEPARTMENT_PREFIX = 'department:';
export const departmentRoom = (id: number) => `${DEPARTMENT_PREFIX}${id}`;
export const departmentOfRoom = (room: string): number | null => (room.startsWith(DEPARTMENT_PREFIX) ? Number(room.slice(DEPARTMENT_PREFIX.length)) : null);

/** Every supervisor, and each user on their own: who is told when an emergency has not reached 110. */
export const SUPERVISORS_ROOM = 'role:supervisor';
/** Every dispatcher: citizens' withdraw requests wait for them. */
export const DISPATCHERS_ROOM = 'role:dispatcher';
export const userRoom = (userId: number) => `user:${userId}`;

/**
 * A handler hears about their department's tickets (sub-units included); everyone else about all.
 * The first room is the one whose figures the socket is shown.
 */
export function roomsOf(principal: UserPrincipal): string[] {
  const audience = principal.role === 'handler' ? departmentRoom(principal.departmentId) : ALL_ROOM;
  const roleRoom = principal.role === 'supervisor' ? SUPERVISORS_ROOM : principal.role === 'dispatcher' ? DISPATCHERS_ROOM : null;
  return [audience, userRoom(principal.userId), ...(roleRoom ? [roleRoom] : [])];
}

/** The rooms an event about these departments goes to: everything's, and each department's and its parents'. */
export function roomsFor(directory: DepartmentDirectory, departmentIds: (number | null)[]): string[] {
  const rooms = new Set([ALL_ROOM]);
  for (const id of departmentIds) {
    for (let d = id === null ? undefined : directory.get(id); d; d = d.parentId === null ? undefined : directory.get(d.parentId)) {
      rooms.add(departmentRoom(d.id));
    }
  }
  return [...rooms];
}

/** Redis keys: the adapter's and emitter's channel prefix, and the "metrics changed" channel. */
export const adapterKey = (prefix: string) => `${prefix}:live`;
export const metricsDirtyChannel = (prefix: string) => `${prefix}:live:metrics-dirty`;
