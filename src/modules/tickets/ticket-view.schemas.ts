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

/** What intake says about a possible emergency: during a call the operator acts at once; otherwise 110 gets it. */
const emergencyNoticeSchema = z.object({ flagged: z.boolean(), kind: z.string().nullable(), matches: z.array(z.string()), advice: z.string().nullable() });
export type EmergencyNotice = z.infer<typeof emergencyNoticeSchema>;

export const createdTicketSchema = ticketViewSchema.extend({ emergency: emergencyNoticeSchema });

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

/** GET /tickets/similar: the nearest open tickets at the place being typed about (suggestions, no total). */
export const similarTicketsSchema = z.object({
  tickets: z.array(
    ticketViewSchema.extend({
      distanceM: z.number().nullable().describe('metres from the place typed; null when matched by address alone'),
      summary: z.string().describe('the title, or the start of the description'),
    }),
  ),
});

/** POST /tickets/{ref}/reveal-phone: the full number (audited); null when the citizen gave none. */
export const revealedPhoneSchema = z.object({ phone: z.string().nullable() });
export type RevealedPhone = z.infer<typeof revealedPhoneSchema>;

/** POST /public/tickets: what the citizen keeps to track the request (nothing else of it is echoed). */
export const publicCreatedTicketSchema = z.object({
  ticketNo: z.string(),
  status: z.string(),
  createdAt: iso,
  emergency: emergencyNoticeSchema,
});
export type PublicCreatedTicket = z.infer<typeof publicCreatedTicketSchema>;

/** GET /public/tickets/{ticketNo}: tracking by the citizen, nothing personal. */
export const publicTicketViewSchema = z.object({
  ticketNo: z.string(),
  status: z.string(),
  type: z.string(),
  createdAt: iso,
  department: z.string().nullable().describe("the holding department's name"),
  replyDueAt: iso.nullable(),
  repliedAt: iso.nullable(),
  closedAt: iso.nullable(),
  reply: z.object({ result: z.string().nullable(), outcome: z.string().nullable(), at: iso }).nullable().describe("the department's answer (a merged ticket's is its parent's)"),
  citizenDueAt: iso.nullable(),
  citizenElapsed: z.number().int(),
  citizenOnTime: z.boolean().nullable(),
  timeline: z.array(z.object({ status: z.string(), at: iso })).describe('each change of status'),
});
export type PublicTicketView = z.infer<typeof publicTicketViewSchema>;
