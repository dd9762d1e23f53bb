import type { PartnerName } from '../../config';
import type { AuthRepository } from './auth.repository';
import type { Role } from '../../shared/principal';
import { hashPassword, randomSecret, sha256 } from './secrets';

/** What each partner's key may submit (SPEC section 10: "each key is limited to its channels and lines"). */
export const partnerGrants: Record<PartnerName, { channels: string[]; lines: string[] }> = {
  app: { channels: ['app'], lines: ['12345', '12369'] },
  web: { channels: ['web'], lines: ['12345', '12369'] },
  '110': { channels: ['transfer'], lines: ['110'] },
  open311: { channels: ['app'], lines: ['12345'] },
};

export interface DemoAccountsReport {
  users: string[];
  apiKeys: { name: string; key: string }[];
}

/**
 * Creates the demo accounts of SPEC section 12 that do not exist yet: the centre's roles, one
 * handler per department, and one API key per partner. Returns what it created so that the
 * caller can print it once (passwords and keys are not recoverable afterwards).
 */
export async function ensureDemoAccounts(
  repo: AuthRepository,
  opts: { password: string; departments: { id: number; code: string; name: string }[]; apiKeys: Partial<Record<PartnerName, string>> },
): Promise<DemoAccountsReport> {
  const hotline = opts.departments.find((d) => d.code === 'HOTLINE');
  if (!hotline) throw new Error('Reference data must be loaded before demo accounts');
  const wanted: { username: string; role: Role; departmentId: number; displayName: string }[] = [
    ...(['admin', 'operator', 'dispatcher', 'supervisor'] as const).map((role) => ({
      username: role,
      role,
      departmentId: hotline.id,
      displayName: `Demo ${role}`,
    })),
    ...opts.departments.map((d) => ({ username: `handler-${d.code}`, role: 'handler' as const, departmentId: d.id, displayName: `${d.name}承办人` })),
  ];
  const taken = await repo.usernamesTaken(wanted.map((w) => w.username));
  const missing = wanted.filter((w) => !taken.has(w.username));
  // One hash (one salt) for all demo accounts: they share a password that is printed anyway, and
  // ~300 deliberately slow hashes would hold up the first start by half a minute.
  const passwordHash = missing.length ? await hashPassword(opts.password) : '';
  for (const w of missing) {
    await repo.insertUser({ username: w.username, password_hash: passwordHash, display_name: w.displayName, role: w.role, department_id: w.departmentId });
  }

  const keyNames = await repo.apiKeyNamesTaken();
  const apiKeys: { name: string; key: string }[] = [];
  for (const [name, grant] of Object.entries(partnerGrants) as [PartnerName, (typeof partnerGrants)[PartnerName]][]) {
    if (keyNames.has(name)) continue;
    const key = opts.apiKeys[name] ?? randomSecret(`hk_${name}_`);
    await repo.insertApiKey({ name, key_prefix: key.slice(0, 10), key_hash: sha256(key), ...grant });
    apiKeys.push({ name, key });
  }
  return { users: missing.map((m) => m.username), apiKeys };
}
