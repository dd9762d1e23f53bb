import type { Clock } from '../../shared/clock';
import { UnauthenticatedError } from '../../shared/errors';
import type { AuthRepository } from './auth.repository';
import type { ApiKeyPrincipal, UserPrincipal } from './principal';
import { createPrincipalCache } from './principal-cache';
import { hashPassword, randomSecret, sha256, verifyPassword } from './secrets';

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: { id: number; username: string; role: string; departmentId: number };
}

/** How long a principal is reused without asking the database, and how many are kept (see principal-cache.ts). */
const PRINCIPAL_CACHE = { ttlMs: 3000, maxEntries: 10_000 };

export function createAuthService(deps: { repo: AuthRepository; clock: Clock; tokenTtlHours: number }) {
  const { repo, clock } = deps;
  const tokens = createPrincipalCache<UserPrincipal>(PRINCIPAL_CACHE);
  const apiKeys = createPrincipalCache<ApiKeyPrincipal>(PRINCIPAL_CACHE);
  // Compared against when the username is unknown, so that a wrong username and a wrong password
  // take the same time and cannot be told apart.
  const decoyHash = hashPassword(randomSecret());

  return {
    async login(username: string, password: string): Promise<LoginResult> {
      const user = await repo.findUserByUsername(username);
      const ok = await verifyPassword(password, user?.password_hash ?? (await decoyHash));
      if (!user || !user.active || !ok) {
        throw new UnauthenticatedError('Wrong username or password', 'INVALID_CREDENTIALS');
      }
      const token = randomSecret('hlt_');
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + deps.tokenTtlHours * 3600_000);
      await repo.insertToken(user.id, sha256(token), now, expiresAt);
      return {
        token,
        expiresAt: expiresAt.toISOString(),
        user: { id: user.id, username: user.username, role: user.role, departmentId: user.department_id },
      };
    },

    async logout(token: string): Promise<void> {
      const hash = sha256(token);
      tokens.forget(hash);
      await repo.revokeToken(hash, clock.now());
    },

    async principalForToken(token: string): Promise<UserPrincipal | null> {
      return this.principalForTokenHash(sha256(token));
    },

    /** The same, from the hash the database keeps (the queue dashboard's cookie carries it, never the token). */
    async principalForTokenHash(hash: string): Promise<UserPrincipal | null> {
      const known = tokens.get(hash);
      if (known) return known;
      const user = await repo.findUserByToken(hash, clock.now());
      if (!user) return null;
      const principal: UserPrincipal = { kind: 'user', userId: user.id, username: user.username, role: user.role, departmentId: user.department_id };
      tokens.set(hash, principal);
      return principal;
    },

    async principalForApiKey(key: string): Promise<ApiKeyPrincipal | null> {
      const hash = sha256(key);
      const known = apiKeys.get(hash);
      if (known) return known;
      const row = await repo.findApiKey(hash);
      if (!row) return null;
      const principal: ApiKeyPrincipal = { kind: 'api_key', apiKeyId: row.id, name: row.name, channels: row.channels, lines: row.lines };
      apiKeys.set(hash, principal);
      return principal;
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
