import { z } from 'zod';
import { pageQuery } from '../../http/validate';
import { roles } from '../../shared/principal';

const boolParam = z.enum(['true', 'false']).transform((v) => v === 'true');
const code = z.string().trim().min(1).max(60).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" and "-" only');
const LINES = ['12345', '12369', '110'] as const;
const CHANNELS = ['phone', 'web', 'app', 'wechat', 'email', 'transfer'] as const;
const DEPARTMENT_KINDS = ['centre', 'bureau', 'district', 'district_bureau', 'street', 'external'] as const;
const iso = z.iso.datetime({ offset: true });

export const departmentRef = z.object({ id: z.number().int(), code: z.string(), name: z.string() });

// Users ---------------------------------------------------------------------------------------
export const userListQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  role: z.enum(roles).optional(),
  departmentCode: code.optional(),
  active: boolParam.optional(),
  ...pageQuery,
});
export const createUserSchema = z.strictObject({
  username: z.string().trim().min(2).max(60).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" and "-" only'),
  password: z.string().min(1).max(200),
  role: z.enum(roles),
  departmentCode: code.optional(),
  displayName: z.string().trim().min(1).max(100).optional(),
});
export const updateUserSchema = z
  .strictObject({
    role: z.enum(roles).optional(),
    departmentCode: code.optional(),
    active: z.boolean().optional(),
    password: z.string().min(1).max(200).optional(),
    displayName: z.string().trim().min(1).max(100).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'name at least one field to change');
export type CreateUserInput = z.infer<typeof createUserSchema>;
export type UpdateUserInput = z.infer<typeof updateUserSchema>;
export const userView = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(roles),
  department: departmentRef,
  active: z.boolean(),
  createdAt: iso,
  updatedAt: iso.nullable(),
});
export const userList = z.object({ users: z.array(userView), total: z.number().int() });

// API keys ------------------------------------------------------------------------------------
export const apiKeyListQuery = z.strictObject({ includeRevoked: boolParam.optional(), ...pageQuery });
export const createApiKeySchema = z.strictObject({
  name: code,
  channels: z.array(z.enum(CHANNELS)).min(1).max(CHANNELS.length),
  lines: z.array(z.enum(LINES)).min(1).max(LINES.length),
});
export const rotateApiKeySchema = z.strictObject({
  /** How long the old secret keeps working, so the partner can switch without an outage. */
  overlapHours: z.number().int().min(0).max(168).default(24),
});
export const apiKeyView = z.object({
  id: z.number().int(),
  name: z.string(),
  keyPrefix: z.string(),
  channels: z.array(z.string()),
  lines: z.array(z.string()),
  createdAt: iso,
  lastUsedAt: iso.nullable(),
  rotatedAt: iso.nullable(),
  previousValidUntil: iso.nullable(),
  revokedAt: iso.nullable(),
});
export const apiKeyWithSecret = apiKeyView.extend({ key: z.string().describe('the secret, shown this once') });
export const apiKeyList = z.object({ apiKeys: z.array(apiKeyView), total: z.number().int() });

// Departments ---------------------------------------------------------------------------------
export const departmentListQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  kind: z.enum(DEPARTMENT_KINDS).optional(),
  parentCode: code.optional(),
  active: boolParam.optional(),
  ...pageQuery,
});
export const createDepartmentSchema = z.strictObject({
  code,
  name: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().min(1).max(100),
  kind: z.enum(DEPARTMENT_KINDS),
  parentCode: code.nullable().default(null),
});
export const updateDepartmentSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    nameEn: z.string().trim().min(1).max(100).optional(),
    parentCode: code.nullable().optional(),
    active: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'name at least one field to change');
export type CreateDepartmentInput = z.infer<typeof createDepartmentSchema>;
export type UpdateDepartmentInput = z.infer<typeof updateDepartmentSchema>;
export const departmentAdminView = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  kind: z.enum(DEPARTMENT_KINDS),
  parentCode: z.string().nullable(),
  active: z.boolean(),
  activeUsers: z.number().int(),
  openTickets: z.number().int(),
});
export const departmentList = z.object({ departments: z.array(departmentAdminView), total: z.number().int() });

// Categories ----------------------------------------------------------------------------------
export const categoryListQuery = z.strictObject({ q: z.string().trim().max(100).optional(), parentCode: code.optional(), ...pageQuery });
const keywords = z.array(z.string().trim().min(1).max(50)).max(200);
const districtFunction = z.enum(['ENV', 'CITY', 'HOUSING']).nullable();
export const createCategorySchema = z.strictObject({
  code,
  name: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().min(1).max(100),
  parentCode: code.nullable().default(null),
  keywords: keywords.default([]),
  defaultDepartmentCode: code.nullable().default(null),
  districtFunction: districtFunction.default(null),
});
export const updateCategorySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    nameEn: z.string().trim().min(1).max(100).optional(),
    keywords: keywords.optional(),
    defaultDepartmentCode: code.nullable().optional(),
    districtFunction: districtFunction.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'name at least one field to change');
export type CreateCategoryInput = z.infer<typeof createCategorySchema>;
export type UpdateCategoryInput = z.infer<typeof updateCategorySchema>;
export const categoryAdminView = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  parentCode: z.string().nullable(),
  keywords: z.array(z.string()),
  defaultDepartmentCode: z.string().nullable(),
  districtFunction: districtFunction,
});
export const categoryList = z.object({ categories: z.array(categoryAdminView), total: z.number().int() });

// Knowledge base ------------------------------------------------------------------------------
export const kbListQuery = z.strictObject({ q: z.string().trim().max(100).optional(), retired: boolParam.optional(), ...pageQuery });
export const createKbSchema = z.strictObject({
  slug: code,
  title: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(20_000),
  keywords: z.array(z.string().trim().min(1).max(50)).max(50).default([]),
  categoryCode: code.nullable().default(null),
});
export const updateKbSchema = z
  .strictObject({
    title: z.string().trim().min(1).max(200).optional(),
    body: z.string().trim().min(1).max(20_000).optional(),
    keywords: z.array(z.string().trim().min(1).max(50)).max(50).optional(),
    categoryCode: code.nullable().optional(),
    retired: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'name at least one field to change');
export type CreateKbInput = z.infer<typeof createKbSchema>;
export type UpdateKbInput = z.infer<typeof updateKbSchema>;
export const kbAdminView = z.object({
  id: z.number().int(),
  slug: z.string(),
  title: z.string(),
  body: z.string(),
  keywords: z.array(z.string()),
  categoryCode: z.string().nullable(),
  createdAt: iso,
  updatedAt: iso,
  updatedBy: z.object({ id: z.number().int(), username: z.string() }).nullable(),
  retiredAt: iso.nullable(),
});
export const kbList = z.object({ articles: z.array(kbAdminView), total: z.number().int() });

// Audit log -----------------------------------------------------------------------------------
export const auditQuery = z.strictObject({
  action: z.string().trim().min(1).max(60).optional(),
  actorUserId: z.string().regex(/^[1-9]\d{0,9}$/).transform(Number).optional(),
  targetType: z.string().trim().min(1).max(30).optional(),
  targetId: z.string().trim().min(1).max(60).optional(),
  ticketId: z.string().regex(/^[1-9]\d{0,15}$/).transform(Number).optional(),
  from: iso.transform((s) => new Date(s)).optional(),
  to: iso.transform((s) => new Date(s)).optional(),
  ...pageQuery,
});
export const auditEntryView = z.object({
  id: z.number().int(),
  action: z.string(),
  actor: z.object({ kind: z.enum(['user', 'api_key', 'system']), id: z.number().int().nullable(), name: z.string().nullable() }),
  ticketId: z.number().int().nullable(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  createdAt: iso,
});
export const auditList = z.object({ entries: z.array(auditEntryView), total: z.number().int() });
