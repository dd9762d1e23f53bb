import type { Clock } from '../../shared/clock';
import { UnauthenticatedError } from '../../shared/errors';
import type { AuthRepository } from './auth.repository';
import type { ApiKeyPrincipal, UserPrincipal } from './principal';
import { hashPassword, randomSecret, sha256, verifyPassword } from './secrets';

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: { id: number; username: string; role: string; departmentId: number };
}

export function createAuthService(deps: { repo: AuthRepository; clock: Clock; tokenTtlHours: number }) {
  const { repo, clock } = deps;
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
      await repo.revokeToken(sha256(token), clock.now());
    },

    async principalForToken(token: string): Promise<UserPrincipal | null> {
      const user = await repo.findUserByToken(sha256(token), clock.now());
      if (!user) return null;
      return { kind: 'user', userId: user.id, username: user.username, role: user.role, departmentId: user.department_id };
    },

    async principalForApiKey(key: string): Promise<ApiKeyPrincipal | null> {
      const row = await repo.findApiKey(sha256(key));
      if (!row) return null;
      return { kind: 'api_key', apiKeyId: row.id, name: row.name, channels: row.channels, lines: row.lines };
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
