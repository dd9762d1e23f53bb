import type { ChangeBus } from '../../shared/change-bus';
import type { Clock } from '../../shared/clock';
import { UnauthenticatedError } from '../../shared/errors';
import type { AuthRepository } from './auth.repository';
import type { ApiKeyPrincipal, UserPrincipal } from '../../shared/principal';
import { createPrincipalCache } from './principal-cache';
import { hashPassword, randomSecret, sha256, verifyPassword } from './secrets';

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: { id: number; username: string; role: string; departmentId: number };
}

/** A signed-in user's token: who it stands for and when it stops working. */
export interface Session {
  principal: UserPrincipal;
  tokenHash: string;
  expiresAt: Date;
}

/** How long a principal is reused without asking the database, and how many are kept (see principal-cache.ts). */
const PRINCIPAL_CACHE = { ttlMs: 3000, maxEntries: 10_000 };

export function createAuthService(deps: { repo: AuthRepository; clock: Clock; tokenTtlHours: number; bus: ChangeBus }) {
  const { repo, clock, bus } = deps;
  const tokens = createPrincipalCache<Session>(PRINCIPAL_CACHE);
  const apiKeys = createPrincipalCache<ApiKeyPrincipal>(PRINCIPAL_CACHE);
  // Compared against when the username is unknown, so that a wrong username and a wrong password
  // take the same time and cannot be told apart.
  const decoyHash = hashPassword(randomSecret());

  // Every process forgets what was revoked anywhere (this one included: publish delivers here first).
  bus.on((notice) => {
    if (notice.kind !== 'revoked') return;
    const tokenHashes = new Set(notice.tokenHashes);
    const userIds = new Set(notice.userIds);
    const keyIds = new Set(notice.apiKeyIds);
    tokens.forgetWhere((hash, s) => tokenHashes.has(hash) || userIds.has(s.principal.userId));
    apiKeys.forgetWhere((_hash, p) => keyIds.has(p.apiKeyId));
  });

  async function sessionForToken(token: string): Promise<Session | null> {
    return sessionForTokenHash(sha256(token));
  }

  /** The same, from the hash the database keeps (the queue dashboard's cookie carries it, never the token). */
  async function sessionForTokenHash(hash: string): Promise<Session | null> {
    const known = tokens.get(hash);
    if (known) return known;
    const now = clock.now();
    const user = await repo.findUserByToken(hash, now);
    if (!user) return null;
    const session: Session = {
      principal: { kind: 'user', userId: user.id, username: user.username, role: user.role, departmentId: user.department_id },
      tokenHash: hash,
      expiresAt: new Date(user.expires_at),
    };
    tokens.set(hash, session, session.expiresAt.getTime() - now.getTime());
    return session;
  }

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
      await repo.revokeToken(hash, clock.now());
      await bus.publish({ kind: 'revoked', tokenHashes: [hash], userIds: [], apiKeyIds: [] });
    },

    /** Ends a user's sessions in the database, then in every process's memory and live sockets. */
    async endUserSessions(userId: number): Promise<void> {
      await repo.revokeUserTokens(userId, clock.now());
      await bus.publish({ kind: 'revoked', tokenHashes: [], userIds: [userId], apiKeyIds: [] });
    },

    /** After a key was revoked in the database: every process stops accepting it. */
    async forgetApiKey(apiKeyId: number): Promise<void> {
      await bus.publish({ kind: 'revoked', tokenHashes: [], userIds: [], apiKeyIds: [apiKeyId] });
    },

    sessionForToken,

    async principalForToken(token: string): Promise<UserPrincipal | null> {
      return (await sessionForToken(token))?.principal ?? null;
    },

    async principalForTokenHash(hash: string): Promise<UserPrincipal | null> {
      return (await sessionForTokenHash(hash))?.principal ?? null;
    },

    async principalForApiKey(key: string): Promise<ApiKeyPrincipal | null> {
      const hash = sha256(key);
      const known = apiKeys.get(hash);
      if (known) return known;
      const now = clock.now();
      const row = await repo.findApiKey(hash, now);
      if (!row) return null;
      const principal: ApiKeyPrincipal = { kind: 'api_key', apiKeyId: row.id, name: row.name, channels: row.channels, lines: row.lines };
      apiKeys.set(hash, principal);
      await repo.touchApiKey(row.id, now);
      return principal;
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
