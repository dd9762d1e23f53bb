import { z } from 'zod';

export const followUpKinds = ['chase', 'supplement', 'withdraw_request'] as const;
export type FollowUpKind = (typeof followUpKinds)[number];

/** The parts the action bodies (actions.ts) share. */
export const text = (max: number) => z.string().trim().min(1).max(max);
export const departmentCode = z.string().trim().min(1).max(50);

/** What routing's model said (routing/route-decision.ts ModelOpinion), kept on the timeline. */
export const modelOpinion = z.strictObject({
  version: text(60),
  confidence: z.number().min(0).max(1),
  lead: z.number().min(0).max(1),
  decidesOn: z.enum(['confidence', 'lead']),
  threshold: z.number().min(0).max(1),
  aloneThreshold: z.number().min(0).max(1).nullable(),
  keywordCategoryCode: text(100).nullable(),
  words: z.array(text(50)).max(10),
  suggestions: z.array(z.strictObject({ categoryCode: text(100), confidence: z.number().min(0).max(1) })).max(3),
});
export type ModelOpinion = z.infer<typeof modelOpinion>;

export const revealPhoneBody = z.strictObject({ reason: text(500) });
