import { type Role } from '../../src/shared/principal';
import { randomSecret, sha256, partnerGrants } from '../../src/modules/auth';
import type { PartnerName } from '../../src/config';
import type { Harness } from './harness';

let serial = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${++serial}`;

export interface TestUser {
  id: number;
  token: string;
  departmentId: number;
  auth: { Authorization: string };
}

/**
 * A user with a live bearer token, made directly in the database: logging in through the API costs
 * a deliberate scrypt hash, which the auth tests exercise; everyone else skips it.
 */
export async function makeUser(h: Harness, role: Role, departmentCode = role === 'handler' ? '310104-ENV' : 'HOTLINE'): Promise<TestUser> {
  const department = h.c.directory.getByCode(departmentCode);
  if (!department) throw new Error(`unknown department ${departmentCode}`);
  const [{ id }] = await h.c
    .db('users')
    .insert({ username: unique(role), password_hash: 'scrypt$unusable', display_name: role, role, department_id: department.id })
    .returning('id');
  const token = randomSecret('hlt_');
  const now = new Date();
  await h.c.db('auth_tokens').insert({ user_id: id, token_hash: sha256(token), created_at: now, expires_at: new Date(now.getTime() + 3600_000) });
  return { id, token, departmentId: department.id, auth: { Authorization: `Bearer ${token}` } };
}

export async function makeApiKey(h: Harness, partner: PartnerName): Promise<{ id: number; key: string; headers: { 'X-Api-Key': string } }> {
  const key = randomSecret(`hk_${partner}_`);
  const [{ id }] = await h.c
    .db('api_keys')
    .insert({ name: unique(`key-${partner}`), key_prefix: key.slice(0, 10), key_hash: sha256(key), ...partnerGrants[partner] })
    .returning('id');
  return { id, key, headers: { 'X-Api-Key': key } };
}

/** A valid intake body; `marker` makes the description findable (and absent when nothing was written). */
export function ticketBody(overrides: Record<string, unknown> = {}) {
  return {
    line: '12345',
    channel: 'phone',
    type: 'complaint',
    description: `${unique('marker')} 小区旁工地夜间施工噪音很大，影响休息`,
    urgency: 'normal',
    citizen: { name: '张先生', phone: '13812345678', callbackConsent: true },
    location: { districtCode: '310104', street: '田林街道', address: '田林路100号' },
    ...overrides,
  };
}

export async function ticketsWithDescription(h: Harness, description: string): Promise<number> {
  const [{ n }] = await h.c.db('tickets').where({ description }).count({ n: '*' });
  return Number(n);
}
