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
