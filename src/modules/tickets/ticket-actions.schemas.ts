import { z } from 'zod';
import { citizenSchema } from './ticket.schemas';
import type { ActionName } from './transitions';

export const followUpKinds = ['chase', 'supplement', 'withdraw_request'] as const;
export type FollowUpKind = (typeof followUpKinds)[number];

const text = (max: number) => z.string().trim().min(1).max(max);
const departmentCode = z.string().trim().min(1).max(50);

/** What routing's model said (routing/route-decision.ts ModelOpinion), kept on the timeline. */
const modelOpinion = z.strictObject({
  version: text(60),
  confidence: z.number().min(0).max(1),
  threshold: z.number().min(0).max(1),
  keywordCategoryCode: text(100).nullable(),
  words: z.array(text(50)).max(10),
  suggestions: z.array(z.strictObject({ categoryCode: text(100), confidence: z.number().min(0).max(1) })).max(3),
});

/** The body of each action (SPEC section 10). */
export const actionBodies = {
  route: z.strictObject({ departmentCode, note: text(2000).optional(), categoryCode: text(100).optional(), classifiedBy: z.array(text(50)).optional(), model: modelOpinion.optional() }),
  classify: z.strictObject({
    note: text(2000),
    categoryCode: text(100).optional(),
    classifiedBy: z.array(text(50)).optional(),
    model: modelOpinion.optional(),
    // Routing's emergency screening flagged the text: the ticket waits for a person's decision.
    emergencyKind: text(50).optional(),
  }),
  dispatch: z.strictObject({ departmentCode, note: text(1000).optional() }),
  accept: z.strictObject({}),
  return: z.strictObject({ reason: text(1000) }),
  'pass-down': z.strictObject({ departmentCode, note: text(1000).optional() }),
  extension: z.strictObject({ workingDays: z.number().int().min(1).max(30), reason: text(1000) }),
  'extension/decision': z.strictObject({ approve: z.boolean(), note: text(1000).optional() }),
  reply: z.strictObject({ result: text(4000), outcome: z.enum(['resolved', 'partly', 'unresolved', 'explained']) }),
  survey: z
    .strictObject({
      reached: z.boolean(),
      contacted: z.boolean().optional(),
      resolved: z.enum(['resolved', 'partly', 'not']).optional(),
      satisfaction: z.enum(['satisfied', 'basically_satisfied', 'dissatisfied']).optional(),
      comment: text(2000).optional(),
    })
    .refine((s) => !s.reached || s.satisfaction !== undefined, { message: 'satisfaction is required when the citizen was reached', path: ['satisfaction'] }),
  reopen: z.strictObject({ reason: text(1000) }),
  merge: z.strictObject({ parentId: z.union([z.number().int().positive(), z.string().regex(/^\d{8}-\d{6,}$/)]) }),
  urge: z.strictObject({ note: text(1000) }),
  recall: z.strictObject({ note: text(1000).optional() }),
  'transfer-110': z.strictObject({ reason: text(1000) }),
  cancel: z.strictObject({ reason: text(1000) }),
  'follow-up': z.strictObject({ kind: z.enum(followUpKinds), note: text(2000) }),
  'dismiss-withdrawal': z.strictObject({ reason: text(1000) }),
  'attach-caller': z.strictObject({ citizen: citizenSchema, note: text(1000).optional() }),
  'follow-parent': z.strictObject({
    step: z.enum(['replied', 'closed']),
    parentTicketNo: z.string(),
    result: text(4000).optional(),
    outcome: z.enum(['resolved', 'partly', 'unresolved', 'explained']).optional(),
  }),
  'not-emergency': z.strictObject({ reason: text(1000) }),
} as const satisfies Record<ActionName, z.ZodType>;

export type ActionBody<A extends ActionName> = z.infer<(typeof actionBodies)[A]>;

export const revealPhoneBody = z.strictObject({ reason: text(500) });
