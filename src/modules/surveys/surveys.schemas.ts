import { z } from 'zod';
import { actionBodies } from '../tickets';

/** What an operator records about one call: the survey action's own body (SPEC section 10). */
export const surveyBody = actionBodies.survey;
export type SurveyBody = z.infer<typeof surveyBody>;

/** What the citizen answers through the link: the citizen is reached by definition. */
export const linkAnswerBody = z.strictObject({
  contacted: z.boolean().optional(),
  resolved: z.enum(['resolved', 'partly', 'not']).optional(),
  satisfaction: z.enum(['satisfied', 'basically_satisfied', 'dissatisfied']),
  comment: z.string().trim().min(1).max(2000).optional(),
});

/** GET /public/surveys/{token}: what the survey page shows, nothing personal (surveys.service linkView). */
export const surveyLinkViewSchema = z.object({
  ticketNo: z.string(),
  type: z.string(),
  department: z.string().nullable().describe("the replying department's name"),
  request: z.object({ title: z.string().nullable(), description: z.string().nullable().describe("null for an attached caller: another citizen's words") }),
  reply: z.object({ result: z.string().nullable(), outcome: z.string().nullable() }),
  repliedAt: z.iso.datetime({ offset: true }),
  expiresAt: z.iso.datetime({ offset: true }),
  questions: z
    .array(
      z.object({
        name: z.string(),
        question: z.string(),
        required: z.boolean(),
        answers: z.array(z.union([z.string(), z.boolean()])).readonly().nullable().describe('null: free text'),
      }),
    )
    .readonly(),
});
export type SurveyLinkView = z.infer<typeof surveyLinkViewSchema>;

/** POST /public/surveys/{token}: the answers are recorded (the link is used up). */
export const surveyLinkAnsweredSchema = z.object({ ticketNo: z.string(), recorded: z.literal(true) });
export type SurveyLinkAnswered = z.infer<typeof surveyLinkAnsweredSchema>;

export const issueLinkBody = z.strictObject({ send: z.boolean().default(true) });

export const surveyIdSchema = z.coerce.number().int().positive();

/** Link tokens are `sv_` and 43 base64url characters (32 random bytes); anything else is not one. */
const LINK_TOKEN = /^sv_[A-Za-z0-9_-]{43}$/;

/** A link token in a path: anything that is not one parses as null (answered 404 like a forged one, never 400). */
export const linkTokenParam = z
  .string()
  .transform((raw) => (LINK_TOKEN.test(raw) ? raw : null))
  .describe('The token of the SMS link (sv_ and 43 characters); anything else is answered 404');

export const queueQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(/^\d+$/)
    .transform(Number)
    .optional(),
});

/** The questions of SPEC section 9, as the survey page shows them. */
export const surveyQuestions = [
  { name: 'contacted', question: '承办部门是否与您联系过？ Did the department contact you?', required: false, answers: [true, false] },
  { name: 'resolved', question: '您反映的问题是否已解决？ Is the matter resolved?', required: false, answers: ['resolved', 'partly', 'not'] },
  { name: 'satisfaction', question: '您对办理结果是否满意？ Are you satisfied?', required: true, answers: ['satisfied', 'basically_satisfied', 'dissatisfied'] },
  { name: 'comment', question: '其他意见 Any comment', required: false, answers: null },
] as const;

/** The results a call or a link records, which a supervisor may correct (not a closure without consent or a withdrawal). */
export const recordedResults = ['satisfied', 'basically_satisfied', 'dissatisfied', 'unreachable'] as const;
export type RecordedResult = (typeof recordedResults)[number];

/** A supervisor's correction of a recorded result (e.g. 不满意 recorded where the citizen was satisfied). */
export const correctionBody = z.strictObject({
  result: z.enum(recordedResults),
  /** Whether the matter is resolved as the citizen said; left out, an answered survey keeps its answer. */
  resolved: z.enum(['resolved', 'partly', 'not']).optional(),
  reason: z.string().trim().min(1).max(1000),
});
export type CorrectionBody = z.infer<typeof correctionBody>;

/** The surveys of one ticket: its own citizen's, its merged tickets' and its attached callers'. */
export const ticketSurveysQuery = z.strictObject({
  ticketId: z.string().regex(/^\d{1,12}$/, 'must be a ticket id').transform(Number),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().regex(/^\d+$/).transform(Number).optional(),
});

// What the survey routes answer (survey-view.ts builds the values; the suite checks every real answer).
const iso = z.iso.datetime({ offset: true });

export const surveyViewSchema = z.object({
  id: z.number().int(),
  ticket: z.object({ id: z.number().int(), ticketNo: z.string(), type: z.string(), line: z.string(), channel: z.string() }),
  reply: z.object({
    ticketNo: z.string().describe('the ticket whose reply is asked about: this one, or the one it was merged into'),
    merged: z.boolean(),
    result: z.string().nullable(),
    outcome: z.string().nullable(),
  }),
  attachedCaller: z.boolean().describe('the surveyed citizen is a caller attached to the ticket, not its own citizen'),
  citizen: z.object({ name: z.string().nullable(), phone: z.string().nullable().describe('masked'), callbackConsent: z.boolean() }),
  departmentId: z.number().int().nullable(),
  repliedAt: iso,
  dueAt: iso,
  overdue: z.boolean(),
  attempts: z.number().int(),
  lastAttemptAt: iso.nullable(),
  link: z.object({ expiresAt: iso.nullable(), usedAt: iso.nullable() }).nullable(),
  outcome: z.enum([...recordedResults, 'no_consent', 'withdrawn']).nullable(),
  completedAt: iso.nullable(),
  escalated: z.boolean(),
  answers: z.object({ contacted: z.boolean().nullable(), resolved: z.string().nullable(), comment: z.string().nullable() }).nullable(),
});

export const surveyPageSchema = z.object({ items: z.array(surveyViewSchema), total: z.number().int(), nextCursor: z.string().nullable() });

export const escalatedListSchema = z.object({ items: z.array(surveyViewSchema), total: z.number().int() });

export const surveyDetailSchema = surveyViewSchema.extend({
  sms: z
    .object({
      deliveryId: z.number().int().nullable(),
      status: z.string().describe('pending until the gateway acknowledged (delivered); dead with the error when it gave up'),
      error: z.string().nullable(),
      deliveredAt: iso.nullable(),
    })
    .nullable(),
});

export const issuedLinkSchema = z.object({
  expiresAt: iso,
  sms: z
    .union([
      z.object({ deliveryId: z.number().int(), status: z.literal('pending') }),
      z.object({ status: z.literal('not_sent'), reason: z.enum(['NO_PHONE', 'NO_SMS_GATEWAY']) }),
    ])
    .nullable(),
  token: z.string().optional().describe('only when the link is not texted: to pass on by other means'),
  url: z.string().optional(),
});
