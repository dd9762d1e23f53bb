import { z } from 'zod';
import { pageQuery } from '../../http/validate';

const LINES = ['12345', '12369', '110'] as const;
const CHANNELS = ['phone', 'web', 'app', 'wechat', 'email', 'transfer'] as const;
const nullable = <T extends z.ZodType>(t: T) => t.nullable().default(null);

/** A rule as an admin writes it (POST, and PUT which replaces the whole rule). */
export const routingRuleSchema = z.strictObject({
  position: z.number().int().min(0).max(1_000_000),
  name: z.string().trim().min(1).max(200),
  line: nullable(z.enum(LINES)),
  channel: nullable(z.enum(CHANNELS)),
  categoryPrefix: nullable(z.string().trim().min(1).max(100)),
  districtCode: nullable(z.string().regex(/^3101\d\d$/, 'must be a district code such as 310104')),
  keywords: z.array(z.string().trim().min(1).max(50)).max(50).default([]),
  departmentCode: z.string().trim().min(1).max(60),
  fallbackDepartmentCode: nullable(z.string().trim().min(1).max(60)),
  active: z.boolean().default(true),
});

export const routingRuleListQuery = z.strictObject({
  q: z.string().trim().max(100).optional().describe("part of the rule's name or its department's code"),
  ...pageQuery,
});
export type RoutingRuleListQuery = z.infer<typeof routingRuleListQuery>;

/** A rule as the API answers it: what was written, with its id. */
export const routingRuleView = z.object({
  id: z.number().int(),
  position: z.number().int(),
  name: z.string(),
  line: z.string().nullable(),
  channel: z.string().nullable(),
  categoryPrefix: z.string().nullable(),
  districtCode: z.string().nullable(),
  keywords: z.array(z.string()),
  departmentCode: z.string(),
  fallbackDepartmentCode: z.string().nullable(),
  active: z.boolean(),
});

export const routingRuleList = z.object({ rules: z.array(routingRuleView), total: z.number().int().describe('every rule, whatever the page') });
