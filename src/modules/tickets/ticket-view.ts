import type { Principal } from '../../shared/principal';
import type { CategoryCatalog } from '../categories';
import type { DepartmentDirectory } from '../departments';
import { allowedActions } from './ticket-policy';
import { followUpKinds, type FollowUpKind } from './ticket-actions.schemas';
import type { CallerRow, TicketEventRow, TicketRow, TimelineEntry } from './tickets.repository';
import type { PublicTicketView } from './ticket-view.schemas';

export function maskPhone(phone: string): string {
  if (phone.length <= 7) return phone.slice(0, 2) + '*'.repeat(phone.length - 4) + phone.slice(-2);
  return phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * The citizen's clock (SPEC section 6): from creation to the reply, against the reply due time
 * counted from creation, kept across re-dispatch. Elapsed in milliseconds, to now while unreplied.
 */
export function citizenClock(t: Pick<TicketRow, 'created_at' | 'replied_at' | 'citizen_due_at'>, now: Date) {
  const end = t.replied_at ?? now;
  return {
    citizenDueAt: iso(t.citizen_due_at),
    citizenElapsed: Math.max(0, end.getTime() - t.created_at.getTime()),
    citizenOnTime: t.replied_at && t.citizen_due_at ? t.replied_at.getTime() <= t.citizen_due_at.getTime() : null,
  };
}

/** Implemented by the sla module and injected, so that tickets does not depend on it. */
export interface SlaFlagSource {
  /** At risk and overdue on the clock running now, whichever it is (the same as `clock.state`). */
  flags(ticket: Pick<TicketRow, 'status' | 'dispatched_at' | 'accept_due_at' | 'reply_due_at'>, now: Date): { atRisk: boolean; overdue: boolean };
  /** The department clock running now (accept while dispatched, reply once accepted), or null. */
  clock(
    ticket: Pick<TicketRow, 'status' | 'dispatched_at' | 'accept_due_at' | 'reply_due_at'>,
    now: Date,
  ): { kind: 'accept' | 'reply'; dueAt: Date; atRiskAt: Date; state: 'ok' | 'at_risk' | 'overdue' } | null;
}

export interface ViewContext {
  directory: DepartmentDirectory;
  catalog: CategoryCatalog;
  sla: SlaFlagSource;
  now: Date;
  /** Who reads: a signed-in user also gets what they may do with the ticket. */
  principal: Principal;
}

/**
 * The ticket as the API contract reads it (SPEC section 10). The phone is always masked here.
 * Pages render from `allowedActions` and `clock` and hold no rule of their own.
 */
export function ticketView(t: TicketRow, ctx: ViewContext) {
  const department = t.department_id === null ? null : ctx.directory.get(t.department_id);
  const district = t.district_id === null ? null : ctx.directory.get(t.district_id);
  const flags = ctx.sla.flags(t, ctx.now);
  const clock = ctx.sla.clock(t, ctx.now);
  return {
    id: t.id,
    ticketNo: t.ticket_no,
    line: t.line,
    channel: t.channel,
    type: t.type,
    categoryCode: t.category_id === null ? null : (ctx.catalog.get(t.category_id)?.code ?? null),
    urgency: t.urgency,
    status: t.status,
    title: t.title,
    description: t.description,
    citizen: {
      name: t.citizen_anonymous ? null : t.citizen_name,
      phone: t.citizen_phone === null ? null : maskPhone(t.citizen_phone),
      anonymous: t.citizen_anonymous,
      callbackConsent: t.callback_consent,
    },
    location: {
      districtCode: district?.code ?? null,
      districtName: district?.name ?? null,
      street: t.street,
      address: t.address,
      lat: t.lat,
      lng: t.lng,
    },
    department: department ? { id: department.id, code: department.code, name: department.name } : null,
    answer: t.answer,
    replyResult: t.reply_result,
    replyOutcome: t.reply_outcome,
    pendingExtension: t.pending_extension_days === null ? null : { workingDays: t.pending_extension_days, reason: t.pending_extension_reason },
    extensionWorkingDays: t.extension_working_days,
    createdAt: t.created_at.toISOString(),
    dispatchedAt: iso(t.dispatched_at),
    acceptedAt: iso(t.accepted_at),
    repliedAt: iso(t.replied_at),
    closedAt: iso(t.closed_at),
    acceptDueAt: iso(t.accept_due_at),
    replyDueAt: iso(t.reply_due_at),
    atRisk: flags.atRisk,
    overdue: flags.overdue,
    acceptedOnTime: t.accepted_on_time,
    repliedOnTime: t.replied_on_time,
    ...citizenClock(t, ctx.now),
    // A possible emergency (the screening's kind) waiting for a person: to 110 or "not an emergency".
    emergency: t.emergency_kind,
    reopenedAt: iso(t.reopened_at),
    withdrawRequest: t.withdraw_requested_at === null ? null : { requestedAt: t.withdraw_requested_at.toISOString(), note: t.withdraw_request_note },
    clock: clock && { kind: clock.kind, dueAt: clock.dueAt.toISOString(), atRiskAt: clock.atRiskAt.toISOString(), state: clock.state },
    externalRef: t.external_ref,
    ...(ctx.principal.kind === 'user' && { allowedActions: allowedActions(ctx.principal, t, { directory: ctx.directory, now: ctx.now }) }),
  };
}

export type TicketView = ReturnType<typeof ticketView>;

export function timelineView(events: TimelineEntry[], directory: DepartmentDirectory) {
  return events.map((e) => ({
    id: e.id,
    action: e.action,
    actor: {
      type: e.actor_type,
      userId: e.actor_user_id,
      apiKeyId: e.actor_api_key_id,
      name: e.actor_display_name ?? e.actor_key_name ?? null,
      username: e.actor_username,
      role: e.actor_role,
    },
    fromStatus: e.from_status,
    toStatus: e.to_status,
    department: e.department_id === null ? null : (directory.get(e.department_id)?.code ?? null),
    note: e.note,
    data: e.data,
    at: e.created_at.toISOString(),
  }));
}

/** A citizen attached to the ticket: masked like the ticket's own (reveal-phone shows the ticket's citizen only). */
export function callerView(c: CallerRow) {
  return {
    id: c.id,
    name: c.anonymous ? null : c.name,
    phone: c.phone === null ? null : maskPhone(c.phone),
    anonymous: c.anonymous,
    callbackConsent: c.callback_consent,
    note: c.note,
    at: c.created_at.toISOString(),
  };
}

/** How many times citizens called again about the ticket, by kind (chases per ticket, SPEC section 5). */
export function followUpCounts(events: Pick<TicketEventRow, 'action' | 'data'>[]): Record<FollowUpKind, number> {
  const counts = Object.fromEntries(followUpKinds.map((k) => [k, 0])) as Record<FollowUpKind, number>;
  for (const e of events) if (e.action === 'follow-up' && followUpKinds.includes(e.data.kind as FollowUpKind)) counts[e.data.kind as FollowUpKind]++;
  return counts;
}

/** What anyone holding the ticket number and the phone's last 4 digits may see: nothing personal. */
export function publicTicketView(t: TicketRow, events: TicketEventRow[], directory: DepartmentDirectory, now: Date): PublicTicketView {
  const department = t.department_id === null ? null : directory.get(t.department_id);
  return {
    ticketNo: t.ticket_no,
    status: t.status,
    type: t.type,
    createdAt: t.created_at.toISOString(),
    department: department ? department.name : null,
    replyDueAt: iso(t.reply_due_at),
    repliedAt: iso(t.replied_at),
    closedAt: iso(t.closed_at),
    // The department's answer is what the citizen tracks the ticket for; a merged ticket has its parent's.
    reply: t.replied_at === null ? null : { result: t.reply_result, outcome: t.reply_outcome, at: t.replied_at.toISOString() },
    ...citizenClock(t, now),
    timeline: events.flatMap((e) => (e.to_status !== null && e.to_status !== e.from_status ? [{ status: e.to_status, at: e.created_at.toISOString() }] : [])),
  };
}
