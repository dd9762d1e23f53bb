/**
 * Every lifecycle action, each declared once: the statuses it moves from and to and who may take it
 * (SPEC section 5), its body (SPEC section 10) and what it does to the ticket. The transition table,
 * the action routes and their OpenAPI bodies, the engine and the ticket policy's allowedActions are all
 * derived from these declarations; the department rule and the preconditions are ticket-policy.ts's.
 */
import { z } from 'zod';
import type { Tx } from '../../db/knex';
import { ConflictError, ValidationError } from '../../shared/errors';
import type { Principal } from '../../shared/principal';
import type { Department } from '../departments';
import type { OutboxTopic } from '../outbox';
import { callbackRefusal } from './callback-window';
import { receivesTickets } from './dispatch-targets';
import type { ActionDeps } from './ticket-actions';
import { departmentCode, followUpKinds, modelOpinion, text, type ModelOpinion } from './ticket-actions.schemas';
import { citizenSchema, type TicketStatus } from './ticket.schemas';
import { isOpen, openStatuses, type Actor, type Transition } from './transitions';
import type { TicketRow } from './tickets.repository';

/** What an action does to a ticket; the engine writes it with the event in one transaction. */
export interface Change {
  /** Only for actions whose table entry says `outcome`, or to stay put where the table moves. */
  to?: TicketStatus;
  set?: Partial<TicketRow>;
  note?: string | null;
  data?: Record<string, unknown>;
  outbox?: { topic: OutboxTopic; payload: Record<string, unknown> }[];
  /**
   * The action leaves the ticket row as it is (a note on the timeline, a caller attached): no version
   * bump, so a citizen calling again never makes a handler's reply at that moment fail with a 409.
   */
  keepsRow?: true;
  /** Rows of its own the action writes in the change's transaction; what it answers joins the event's data. */
  write?: (tx: Tx) => Promise<Record<string, unknown>>;
  /** The event's name on the timeline, when it is not the action's. */
  recordAs?: string;
}

export interface ActionContext<Body = unknown> {
  ticket: TicketRow;
  body: Body;
  principal: Principal;
  now: Date;
  deps: ActionDeps;
  /** What a batch of actions read for all its tickets at once, so that no handler reads it again. */
  known?: { alreadyClassified: ReadonlySet<number> };
}

/**
 * One action: its transition, its body, and what it does once the ticket policy (ticket-policy.ts)
 * has allowed it. What `apply` still refuses depends on the body (or, for routing's classify, on the
 * timeline).
 */
export interface ActionDeclaration<B extends z.ZodType = z.ZodType> extends Transition {
  body: B;
  apply(ctx: ActionContext<z.infer<B>>): Promise<Change>;
}

/** Declares an action, typing `apply`'s body from the body schema. */
function action<B extends z.ZodType>(declaration: ActionDeclaration<B>): ActionDeclaration<B> {
  return declaration;
}

/** A department a ticket can be sent to (the code comes in the body, so this is a 400, not the policy's). */
function dispatchTarget(deps: ActionDeps, code: string): Department {
  const d = deps.directory.getByCode(code);
  if (!d || !receivesTickets(d)) {
    throw new ValidationError('Invalid input', [{ field: 'departmentCode', message: `${code} is not a department tickets can be dispatched to` }]);
  }
  return d;
}

/**
 * Sending to a department starts its clocks anew (SPEC section 6). The citizen's clock, the reply
 * due time counted from creation, is set at the first dispatch and kept across every later one.
 */
async function startDepartmentClocks(ctx: ActionContext, department: Department): Promise<Partial<TicketRow>> {
  const { ticket, now, deps } = ctx;
  const categoryCode = ticket.category_id === null ? null : (deps.catalog.get(ticket.category_id)?.code ?? null);
  const forSla = { type: ticket.type, urgency: ticket.urgency, categoryCode };
  // Both clocks from one read of the policies and calendar: one version check, not two.
  const rules = await deps.sla.pinned();
  const due = await rules.dueTimesFor(forSla, now);
  const citizenDueAt = ticket.citizen_due_at ?? (await rules.dueTimesFor(forSla, ticket.created_at)).replyDueAt;
  return {
    citizen_due_at: citizenDueAt,
    accepted_on_time: null,
    replied_on_time: null,
    department_id: department.id,
    passed_down_from_id: null,
    dispatched_at: now,
    first_dispatched_at: ticket.first_dispatched_at ?? now,
    accepted_at: null,
    replied_at: null,
    closed_at: null,
    accept_due_at: due.acceptDueAt,
    reply_due_at: due.replyDueAt,
    return_due_at: due.returnDueAt,
    max_extension_working_days: due.maxExtensionWorkingDays,
    extension_working_days: 0,
    pending_extension_days: null,
    pending_extension_reason: null,
  };
}

async function sendTo(ctx: ActionContext, code: string, note?: string): Promise<Change> {
  const department = dispatchTarget(ctx.deps, code);
  return { set: await startDepartmentClocks(ctx, department), note: note ?? null, data: { departmentCode: department.code } };
}

/**
 * A category found by routing, applied only to a ticket that has none (a person's choice stands);
 * what routing's model said (version, confidence, words, suggestions) is kept on the timeline either way.
 */
function classification(ticket: TicketRow, body: { categoryCode?: string; classifiedBy?: string[]; model?: ModelOpinion }, deps: ActionDeps) {
  const said = body.model ? { model: body.model } : {};
  if (!body.categoryCode || ticket.category_id !== null) return { set: {}, data: said };
  const category = deps.catalog.getByCode(body.categoryCode);
  if (!category) throw new ValidationError('Invalid input', [{ field: 'categoryCode', message: `unknown category ${body.categoryCode}` }]);
  return { set: { category_id: category.id }, data: { categoryCode: category.code, classifiedBy: body.classifiedBy ?? [], ...said } };
}

export const actions = {
  // Routing may have given the ticket its category by keywords; the words are kept on the timeline.
  route: action({
    from: ['pending_dispatch'],
    to: 'dispatched',
    by: ['system'],
    body: z.strictObject({ departmentCode, note: text(2000).optional(), categoryCode: text(100).optional(), classifiedBy: z.array(text(50)).optional(), model: modelOpinion.optional() }),
    apply: async (ctx) => {
      const change = await sendTo(ctx, ctx.body.departmentCode, ctx.body.note);
      const category = classification(ctx.ticket, ctx.body, ctx.deps);
      return { ...change, set: { ...change.set, ...category.set, auto_route_redispatched: false }, data: { ...change.data, ...category.data } };
    },
  }),
  // Routing found no department: the ticket stays in the manual pool with what routing learnt.
  classify: action({
    from: ['pending_dispatch'],
    to: 'same',
    by: ['system'],
    body: z.strictObject({
      note: text(2000),
      categoryCode: text(100).optional(),
      classifiedBy: z.array(text(50)).optional(),
      model: modelOpinion.optional(),
      // Routing's emergency screening flagged the text: the ticket waits for a person's decision.
      emergencyKind: text(50).optional(),
    }),
    apply: async (ctx) => {
      // Routing a ticket twice must change nothing the second time; "not an emergency" lets it run once more.
      const classified = ctx.known?.alreadyClassified ?? (await ctx.deps.repo.alreadyClassified([ctx.ticket.id]));
      if (classified.has(ctx.ticket.id)) throw new ConflictError('ALREADY_ROUTED', 'Routing already ran for this ticket');
      const category = classification(ctx.ticket, ctx.body, ctx.deps);
      const emergency = ctx.body.emergencyKind === undefined ? {} : { emergency_kind: ctx.body.emergencyKind };
      return { set: { ...category.set, ...emergency }, note: ctx.body.note, data: { ...category.data, ...(ctx.body.emergencyKind && { emergencyKind: ctx.body.emergencyKind }) } };
    },
  }),
  dispatch: action({
    from: ['pending_dispatch', 'returned'],
    to: 'dispatched',
    by: ['dispatcher'],
    body: z.strictObject({ departmentCode, note: text(1000).optional() }),
    apply: async (ctx) => {
      const change = await sendTo(ctx, ctx.body.departmentCode, ctx.body.note);
      const sameAgain = ctx.ticket.status === 'returned' && change.set?.department_id === ctx.ticket.department_id;
      // Routing placed it, the department sent it back and it goes elsewhere: routing got it wrong (counted once).
      const corrected = ctx.ticket.status === 'returned' && !sameAgain && ctx.ticket.auto_route_redispatched === false;
      return {
        ...change,
        set: { ...change.set, ...(corrected && { auto_route_redispatched: true }) },
        data: { ...change.data, ...(ctx.ticket.status === 'returned' && { returnRejected: sameAgain }) },
      };
    },
  }),
  accept: action({
    from: ['dispatched'],
    to: 'accepted',
    by: ['handler'],
    body: z.strictObject({}),
    apply: async ({ ticket, now, deps }) => {
      const onTime = deps.sla.onTime(now, ticket.accept_due_at);
      return { set: { accepted_at: now, accepted_on_time: onTime }, data: { onTime } };
    },
  }),
  return: action({
    from: ['dispatched', 'accepted'],
    to: 'returned',
    by: ['handler'],
    body: z.strictObject({ reason: text(1000) }),
    apply: async ({ body }) => ({ note: body.reason }),
  }),
  // The sub-unit works under the deadline the department was given: passing down does not buy time.
  'pass-down': action({
    from: ['dispatched', 'accepted'],
    to: 'dispatched',
    by: ['handler'],
    body: z.strictObject({ departmentCode, note: text(1000).optional() }),
    apply: async ({ ticket, body, deps }) => {
      const target = dispatchTarget(deps, body.departmentCode);
      const current = ticket.department_id as number;
      if (target.id === current || !deps.directory.isWithin(target.id, current)) {
        throw new ValidationError('Invalid input', [{ field: 'departmentCode', message: `${body.departmentCode} is not a sub-unit of this department` }]);
      }
      return {
        set: { department_id: target.id, passed_down_from_id: current, accepted_at: null, accepted_on_time: null },
        note: body.note ?? null,
        data: { departmentCode: target.code, from: deps.directory.get(current)?.code },
      };
    },
  }),
  // The department that passed a ticket down takes it back (收回), under the same due times.
  // Back to the department that passed it down (the policy checked it is the caller's), to accept
  // again; like passing down, taking back buys no time.
  recall: action({
    from: ['dispatched', 'accepted'],
    to: 'dispatched',
    by: ['handler'],
    body: z.strictObject({ note: text(1000).optional() }),
    apply: async ({ ticket, body, deps }) => {
      const back = ticket.passed_down_from_id as number;
      return {
        set: { department_id: back, passed_down_from_id: null, accepted_at: null, accepted_on_time: null },
        note: body.note ?? null,
        data: { departmentCode: deps.directory.get(back)?.code, from: ticket.department_id === null ? null : deps.directory.get(ticket.department_id)?.code },
      };
    },
  }),
  extension: action({
    from: ['accepted'],
    to: 'same',
    by: ['handler'],
    body: z.strictObject({ workingDays: z.number().int().min(1).max(30), reason: text(1000) }),
    apply: async ({ ticket, body }) => {
      const total = ticket.extension_working_days + body.workingDays;
      if (total > ticket.max_extension_working_days) {
        throw new ValidationError('Invalid input', [
          { field: 'workingDays', message: `extensions may total at most ${ticket.max_extension_working_days} working days; ${ticket.extension_working_days} already granted` },
        ], 'EXTENSION_LIMIT_EXCEEDED');
      }
      return { set: { pending_extension_days: body.workingDays, pending_extension_reason: body.reason }, note: body.reason, data: { workingDays: body.workingDays } };
    },
  }),
  'extension/decision': action({
    from: ['accepted'],
    to: 'same',
    by: ['supervisor'],
    body: z.strictObject({ approve: z.boolean(), note: text(1000).optional() }),
    apply: async ({ ticket, body, deps }) => {
      const days = ticket.pending_extension_days as number; // one is pending: the policy checked it
      const cleared = { pending_extension_days: null, pending_extension_reason: null };
      if (!body.approve) return { set: cleared, note: body.note ?? null, data: { approve: false, workingDays: days } };
      const rules = await deps.sla.pinned();
      const replyDueAt = await rules.extend(ticket.reply_due_at as Date, days);
      // An approved extension is the citizen's too: their clock moves by the same working days.
      const citizenDueAt = ticket.citizen_due_at && (await rules.extend(ticket.citizen_due_at, days));
      return {
        set: { ...cleared, reply_due_at: replyDueAt, citizen_due_at: citizenDueAt, extension_working_days: ticket.extension_working_days + days },
        note: body.note ?? null,
        data: { approve: true, workingDays: days, replyDueAt: replyDueAt.toISOString() },
      };
    },
  }),
  reply: action({
    from: ['accepted'],
    to: 'replied',
    by: ['handler'],
    body: z.strictObject({ result: text(4000), outcome: z.enum(['resolved', 'partly', 'unresolved', 'explained']) }),
    apply: async ({ ticket, body, now, deps }) => {
      const onTime = deps.sla.onTime(now, ticket.reply_due_at);
      return {
        set: { replied_at: now, replied_on_time: onTime, reply_result: body.result, reply_outcome: body.outcome },
        note: body.result,
        data: { outcome: body.outcome, onTime },
      };
    },
  }),
  survey: action({
    from: ['replied'],
    to: 'outcome',
    by: ['operator', 'citizen', 'system'],
    body: z
      .strictObject({
        reached: z.boolean(),
        contacted: z.boolean().optional(),
        resolved: z.enum(['resolved', 'partly', 'not']).optional(),
        satisfaction: z.enum(['satisfied', 'basically_satisfied', 'dissatisfied']).optional(),
        comment: text(2000).optional(),
      })
      .refine((s) => !s.reached || s.satisfaction !== undefined, { message: 'satisfaction is required when the citizen was reached', path: ['satisfaction'] }),
    apply: async (ctx) => {
      const { ticket, body, now, deps, principal } = ctx;
      // A system actor is the survey worker or the citizen's SMS link (which acts for the citizen).
      const data = { ...body, ...(principal.kind === 'system' && { by: principal.name }) };
      const closed = { to: 'closed' as const, set: { closed_at: now }, note: body.comment ?? null };
      // Citizens who declined callbacks are neither called nor sent a link (SPEC section 9): the survey
      // worker (the only one the policy lets through) closes their survey, marked so that it counts as
      // neither unreachable nor answered.
      if (!ticket.callback_consent) {
        if (body.reached) throw new ConflictError('NO_CALLBACK_CONSENT', 'The citizen declined callbacks: this survey is closed without a call');
        return { ...closed, data: { ...data, noCallbackConsent: true } };
      }
      const timeline = await deps.repo.timeline(ticket.id);
      const sinceReply = timeline.slice(timeline.findLastIndex((e) => e.action === 'reply') + 1);
      const unanswered = sinceReply.filter((e) => e.action === 'survey' && e.data.reached === false);
      // An operator's callback: within the calling hours, unanswered tries spaced out.
      if (principal.kind === 'user') {
        const refusal = callbackRefusal(now, unanswered.at(-1)?.created_at ?? null, body.reached, deps.callbackRules);
        if (refusal) throw refusal;
      }
      if (!body.reached) {
        // Three unanswered callbacks about this reply and the citizen counts as unreachable (SPEC
        // section 9); calls about an earlier reply (before a reopening) do not count.
        const attempts = unanswered.length + 1;
        if (attempts < 3) return { to: 'replied', note: body.comment ?? null, data: { ...data, attempt: attempts } };
        return { ...closed, data: { ...data, attempt: attempts, unreachable: true } };
      }
      if (body.satisfaction !== 'dissatisfied') return { ...closed, data };
      // Dissatisfied: back to the same department once; the second time a supervisor decides (closed, escalated).
      const before = await deps.repo.countEvents(ticket.id, 'survey', { satisfaction: 'dissatisfied' });
      if (before > 0) return { ...closed, data: { ...data, escalated: true } };
      const department = deps.directory.get(ticket.department_id as number) as Department;
      return { to: 'dispatched', set: { ...(await startDepartmentClocks(ctx, department)), reopened_at: now }, note: body.comment ?? null, data: { ...data, reopened: true } };
    },
  }),
  reopen: action({
    from: ['closed'],
    to: 'dispatched',
    by: ['supervisor'],
    body: z.strictObject({ reason: text(1000) }),
    apply: async (ctx) => {
      const department = ctx.deps.directory.get(ctx.ticket.department_id as number) as Department;
      return { set: { ...(await startDepartmentClocks(ctx, department)), reopened_at: ctx.now }, note: ctx.body.reason };
    },
  }),
  merge: action({
    from: openStatuses,
    to: 'merged',
    by: ['dispatcher'],
    body: z.strictObject({ parentId: z.union([z.number().int().positive(), z.string().regex(/^\d{8}-\d{6,}$/)]) }),
    apply: async ({ ticket, body, deps }) => {
      const parent = typeof body.parentId === 'number' ? await deps.repo.findById(body.parentId) : await deps.repo.findByTicketNo(body.parentId);
      if (!parent) throw new ValidationError('Invalid input', [{ field: 'parentId', message: 'no such ticket' }]);
      if (parent.id === ticket.id) throw new ValidationError('Invalid input', [{ field: 'parentId', message: 'a ticket cannot be merged into itself' }]);
      if (!isOpen(parent.status)) throw new ConflictError('INVALID_MERGE_TARGET', `The parent ticket is ${parent.status}; only open tickets take merges`);
      // Merged into a ticket already replied: this citizen reads that reply when tracking (and is surveyed on it).
      const reply = parent.status === 'replied' ? { replied_at: parent.replied_at, reply_result: parent.reply_result, reply_outcome: parent.reply_outcome } : {};
      return { set: { parent_ticket_id: parent.id, ...reply }, data: { parentId: parent.id, parentTicketNo: parent.ticket_no } };
    },
  }),
  // Supervisors urge any ticket; a department's handler urges the tickets of its sub-units (ticket-policy.ts).
  urge: action({
    from: openStatuses,
    to: 'same',
    by: ['supervisor', 'handler'],
    body: z.strictObject({ note: text(1000) }),
    apply: async ({ body }) => ({ note: body.note }),
  }),
  // The 110 hand-over is the decision on a flagged emergency: it no longer waits for one.
  'transfer-110': action({
    from: ['pending_dispatch'],
    to: 'transferred_110',
    by: ['operator', 'dispatcher', 'system'],
    body: z.strictObject({ reason: text(1000) }),
    apply: async ({ body, now }) => ({ set: { closed_at: now, emergency_kind: null }, note: body.reason }),
  }),
  // A person judged a flagged possible emergency not to be one: routing continues (issue 13).
  // Routing runs again, without the screening a person has now overruled (routing.service.ts).
  'not-emergency': action({
    from: ['pending_dispatch'],
    to: 'same',
    by: ['operator', 'dispatcher'],
    body: z.strictObject({ reason: text(1000) }),
    apply: async ({ ticket, body, now }) => ({
      set: { emergency_kind: null, emergency_dismissed_at: now },
      note: body.reason,
      data: { emergencyKind: ticket.emergency_kind },
      outbox: [{ topic: 'ticket.route', payload: { ticketIds: [ticket.id] } }],
    }),
  }),
  cancel: action({
    from: openStatuses,
    to: 'cancelled',
    by: ['operator', 'supervisor'],
    body: z.strictObject({ reason: text(1000) }),
    apply: async ({ body, now }) => ({ set: { closed_at: now }, note: body.reason }),
  }),
  // A citizen's later call about an open ticket (催办, 补充, 撤单申请): recorded, the status unchanged.
  // Pushed live to the holding department (the engine's ticket:changed) and, for a chase, counted;
  // a withdraw request also waits on the ticket for a dispatcher's decision (the live push tells them).
  'follow-up': action({
    from: openStatuses,
    to: 'same',
    by: ['operator'],
    body: z.strictObject({ kind: z.enum(followUpKinds), note: text(2000) }),
    apply: async ({ ticket, body, now, deps }) => ({
      keepsRow: true,
      note: body.note,
      data: { kind: body.kind },
      ...(body.kind === 'withdraw_request' && {
        write: async (tx) => {
          await deps.repo.markWithdrawRequest(tx, ticket.id, { at: now, note: body.note });
          return {};
        },
      }),
    }),
  }),
  // A citizen's withdraw request judged unfounded: the ticket goes on (granting one is a cancel, SPEC's who).
  // What the citizen asked is kept on the timeline with the decision.
  'dismiss-withdrawal': action({
    from: openStatuses,
    to: 'same',
    by: ['dispatcher', 'supervisor'],
    body: z.strictObject({ reason: text(1000) }),
    apply: async ({ ticket, body, deps }) => ({
      keepsRow: true,
      note: body.reason,
      data: { requestedAt: ticket.withdraw_requested_at?.toISOString() ?? null, request: ticket.withdraw_request_note },
      write: async (tx) => {
        await deps.repo.markWithdrawRequest(tx, ticket.id, null);
        return {};
      },
    }),
  }),
  // Another citizen reporting the same open matter joins its ticket instead of making a new one.
  'attach-caller': action({
    from: openStatuses,
    to: 'same',
    by: ['operator'],
    body: z.strictObject({ citizen: citizenSchema, note: text(1000).optional() }),
    apply: async ({ ticket, body, principal, now, deps }) => {
      const c = body.citizen;
      const phone = c.phone ?? null;
      return {
        keepsRow: true,
        recordAs: 'caller-joined',
        note: body.note ?? null,
        write: async (tx) => {
          const caller = await deps.repo.insertCaller(tx, {
            ticket_id: ticket.id,
            name: c.name ?? null,
            phone,
            phone_hash: phone === null ? null : deps.phoneKey(phone),
            anonymous: c.anonymous,
            callback_consent: c.callbackConsent,
            note: body.note ?? null,
            created_by_user_id: principal.kind === 'user' ? principal.userId : null,
            created_at: now,
          });
          // Nothing personal on the timeline: the caller's row holds who they are.
          return { callerId: caller.id, callbackConsent: caller.callback_consent };
        },
      };
    },
  }),
  // A merged ticket takes its parent's reply and closure onto its own timeline (done by the engine).
  'follow-parent': action({
    from: ['merged'],
    to: 'same',
    by: ['system'],
    body: z.strictObject({
      step: z.enum(['replied', 'closed']),
      parentTicketNo: z.string(),
      result: text(4000).optional(),
      outcome: z.enum(['resolved', 'partly', 'unresolved', 'explained']).optional(),
    }),
    apply: async ({ body, now }) =>
      body.step === 'replied'
        ? {
            set: { replied_at: now, reply_result: body.result ?? null, reply_outcome: body.outcome ?? null },
            note: body.result ?? null,
            data: { step: body.step, parentTicketNo: body.parentTicketNo, outcome: body.outcome ?? null },
          }
        : { set: { closed_at: now }, data: { step: body.step, parentTicketNo: body.parentTicketNo } },
  }),
};

export type ActionName = keyof typeof actions;
export type ActionBody<A extends ActionName> = z.infer<(typeof actions)[A]['body']>;
export const actionNames = Object.keys(actions) as ActionName[];

const derived = <T>(pick: (d: ActionDeclaration) => T) => Object.fromEntries(actionNames.map((a) => [a, pick(actions[a])]));

/** The one table of which action moves which status to which, and who may take it: the declarations' transitions. */
export const transitions = derived(({ from, to, by }): Transition => ({ from, to, by })) as Record<ActionName, Transition>;

/** The body schema of each action (the action routes parse and document them). */
export const actionBodies = derived((d) => d.body) as { [A in ActionName]: (typeof actions)[A]['body'] };

/** Actions only the system takes: routing's, and a merged ticket following its parent. */
const systemOnly: readonly ActionName[] = ['route', 'classify', 'follow-parent'];

/** Actions a person calls through `POST /tickets/{id}/<action>`. */
export const httpActions = actionNames.filter((a) => !systemOnly.includes(a));

export function allowsFrom(action: ActionName, status: TicketStatus): boolean {
  return transitions[action].from.includes(status);
}

export function allowsActor(action: ActionName, actor: Actor): boolean {
  return transitions[action].by.includes(actor);
}
