// The supervisors' queues: each a filter of GET /tickets the server answers with its true total.
// The dashboard's tiles and league rows open them by name (/queues?kind=…&departmentId=…).
import type { TicketQuery } from '../../components/ticket-page';

export const queueKinds = [
  'overdue',
  'at-risk',
  'accept-overdue',
  'reply-overdue',
  'extensions',
  'escalated',
  'delivery-failed',
  'emergency',
  'pool-oldest',
  'reopened',
  'withdraw-requests',
  'department',
] as const;
export type QueueKind = (typeof queueKinds)[number];

/** What each queue asks the server for; the clocks' order puts what is most late first. */
const queries: Record<QueueKind, TicketQuery> = {
  overdue: { overdue: true, sort: 'due' },
  'at-risk': { atRisk: true, sort: 'due' },
  'accept-overdue': { clock: 'accept', overdue: true, sort: 'due' },
  'reply-overdue': { clock: 'reply', overdue: true, sort: 'due' },
  extensions: { pendingExtension: true, sort: 'due' },
  escalated: { escalated: true },
  'delivery-failed': { deliveryFailed: true },
  emergency: { emergency: true, sort: 'pool' },
  'pool-oldest': { status: 'pending_dispatch,returned', sort: 'pool' },
  reopened: { reopened: true, sort: 'due' },
  // Citizens asking to withdraw: a supervisor may cancel the ticket (or dismiss the request).
  'withdraw-requests': { withdrawRequested: true, sort: 'pool' },
  // A department's tickets (a league row), what is due soonest first.
  department: { sort: 'due' },
};

export function isQueueKind(v: unknown): v is QueueKind {
  return typeof v === 'string' && (queueKinds as readonly string[]).includes(v);
}

export function queueQuery(kind: QueueKind, departmentId?: number): TicketQuery {
  return { ...queries[kind], ...(departmentId !== undefined && { departmentId }) };
}
