import { z } from 'zod';

/**
 * What the ticket routes answer, as zod schemas: the OpenAPI document describes responses with
 * them, and the integration suite checks every real answer against that document.
 * (ticket-view.ts builds the values; its TicketView type and these must agree, which the suite shows.)
 */
const iso = z.iso.datetime({ offset: true });
const departmentRef = z.object({ id: z.number().int(), code: z.string(), name: z.string() });

export const ticketViewSchema = z.object({
  id: z.number().int(),
  ticketNo: z.string(),
  line: z.string(),
  channel: z.string(),
  type: z.string(),
  categoryCode: z.string().nullable(),
  urgency: z.string(),
  status: z.string(),
  title: z.string().nullable(),
  description: z.string(),
  citizen: z.object({ name: z.string().nullable(), phone: z.string().nullable().describe('masked, e.g. 138****5678'), anonymous: z.boolean(), callbackConsent: z.boolean() }),
  location: z.object({
    districtCode: z.string().nullable(),
    districtName: z.string().nullable(),
    street: z.string().nullable(),
    address: z.string().nullable(),
    lat: z.number().nullable(),
    lng: z.number().nullable(),
  }),
  department: departmentRef.nullable(),
  answer: z.string().nullable(),
  replyResult: z.string().nullable(),
  replyOutcome: z.string().nullable(),
  pendingExtension: z.object({ workingDays: z.number().int(), reason: z.string().nullable() }).nullable(),
  extensionWorkingDays: z.number().int(),
  createdAt: iso,
  dispatchedAt: iso.nullable(),
  acceptedAt: iso.nullable(),
  repliedAt: iso.nullable(),
  closedAt: iso.nullable(),
  acceptDueAt: iso.nullable(),
  replyDueAt: iso.nullable(),
  atRisk: z.boolean(),
  overdue: z.boolean(),
  acceptedOnTime: z.boolean().nullable().describe('accepted within the accept clock; null until accepted'),
  repliedOnTime: z.boolean().nullable().describe('replied within the reply clock; null until replied'),
  citizenDueAt: iso.nullable().describe("the citizen-facing due time, from creation, kept across re-dispatch"),
  citizenElapsed: z.number().int().describe('milliseconds from creation to the reply (or to now)'),
  citizenOnTime: z.boolean().nullable(),
  emergency: z.string().nullable().describe("a possible emergency's kind, waiting for a person's decision"),
  reopenedAt: iso.nullable(),
  withdrawRequest: z
    .object({ requestedAt: iso, note: z.string().nullable() })
    .nullable()
    .describe("a citizen's withdraw request waiting for a dispatcher (dismiss-withdrawal) or a cancel"),
  clock: z.object({ kind: z.enum(['accept', 'reply']), dueAt: iso, atRiskAt: iso, state: z.enum(['ok', 'at_risk', 'overdue']) }).nullable(),
  externalRef: z.string().nullable(),
  allowedActions: z.array(z.string()).optional().describe('what this signed-in caller may do now; absent for partner keys'),
});

export const createdTicketSchema = ticketViewSchema.extend({
  emergency: z.object({ flagged: z.boolean(), kind: z.string().nullable(), matches: z.array(z.string()), advice: z.string().nullable() }),
});

export const timelineEventSchema = z.object({
  id: z.number().int(),
  action: z.string(),
  actor: z.object({
    type: z.string(),
    userId: z.number().int().nullable(),
    apiKeyId: z.number().int().nullable(),
    name: z.string().nullable(),
    username: z.string().nullable(),
    role: z.string().nullable(),
  }),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  department: z.string().nullable(),
  note: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
  at: iso,
});

/** A citizen attached to the ticket by a later call about the same matter (callerView). */
const callerSchema = z.object({
  id: z.number().int(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  anonymous: z.boolean(),
  callbackConsent: z.boolean(),
  note: z.string().nullable(),
  at: iso,
});

export const ticketDetailSchema = ticketViewSchema.extend({
  timeline: z.array(timelineEventSchema),
  suggestedDuplicates: z.array(z.record(z.string(), z.unknown())),
  callers: z.array(callerSchema),
  /** Citizens' later calls about the ticket, by kind (followUpCounts). */
  followUps: z.object({ chase: z.number().int(), supplement: z.number().int(), withdraw_request: z.number().int() }),
});

export const ticketPageSchema = z.object({
  tickets: z.array(ticketViewSchema),
  total: z.number().int(),
  totalCapped: z.boolean().describe('true: counting every match would take too long; total is a lower bound'),
  nextCursor: z.string().nullable(),
});
