import { type Role } from '../../src/shared/principal';
import { partnerGrants, randomSecret, sha256 } from '../../src/modules/auth';
import type { PartnerName } from '../../src/config';
import type { Db } from '../../src/db/knex';

export interface Staff {
  id: number;
  role: Role;
  departmentId: number;
  departmentCode: string;
  token: string;
  headers: Record<string, string>;
}

let serial = 0;

/**
 * A member of staff with a bearer token, written straight into the database (as the test factories
 * do): logging in costs a deliberate scrypt hash that is not what a benchmark measures. The token
 * lives until 2100, so a simulated clock in 2016 or a long run never outlives it.
 */
export async function makeStaff(db: Db, role: Role, departmentCode = 'HOTLINE'): Promise<Staff> {
  const department = await db('departments').where({ code: departmentCode }).first('id');
  if (!department) throw new Error(`unknown department ${departmentCode}`);
  const username = `bench-${role}-${departmentCode}-${process.pid}-${Date.now()}-${++serial}`;
  const [{ id }] = await db('users')
    .insert({ username, password_hash: 'scrypt$unusable', display_name: username, role, department_id: department.id })
    .returning('id');
  const token = randomSecret('hlt_');
  await db('auth_tokens').insert({ user_id: id, token_hash: sha256(token), created_at: new Date('2000-01-01T00:00:00Z'), expires_at: new Date('2100-01-01T00:00:00Z') });
  return { id, role, departmentId: department.id, departmentCode, token, headers: { authorization: `Bearer ${token}` } };
}

export async function makePartnerKey(db: Db, partner: PartnerName): Promise<{ key: string; headers: Record<string, string> }> {
  const key = randomSecret(`hk_${partner}_`);
  await db('api_keys').insert({ name: `bench-${partner}-${process.pid}-${Date.now()}-${++serial}`, key_prefix: key.slice(0, 10), key_hash: sha256(key), ...partnerGrants[partner] });
  return { key, headers: { 'x-api-key': key } };
}
