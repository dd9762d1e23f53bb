import type { Db } from '../../db/knex';
import type { Role } from '../../shared/principal';

export interface UserRow {
  id: number;
  username: string;
  password_hash: string;
  display_name: string;
  role: Role;
  department_id: number;
  active: boolean;
}

export interface ApiKeyRow {
  id: number;
  name: string;
  channels: string[];
  lines: string[];
}

export function createAuthRepository(db: Db) {
  return {
    findUserByUsername(username: string): Promise<UserRow | undefined> {
      return db<UserRow>('users').where({ username }).first();
    },

    async insertUser(user: Omit<UserRow, 'id' | 'active'>): Promise<number> {
      const [row] = await db('users').insert(user).returning('id');
      return row.id;
    },

    async usernamesTaken(usernames: string[]): Promise<Set<string>> {
      const rows = await db('users').whereIn('username', usernames).select('username');
      return new Set(rows.map((r) => r.username as string));
    },

    async insertToken(userId: number, tokenHash: string, createdAt: Date, expiresAt: Date): Promise<void> {
      await db('auth_tokens').insert({ user_id: userId, token_hash: tokenHash, created_at: createdAt, expires_at: expiresAt });
    },

    /** The active user behind a token that is neither expired nor revoked, and when the token expires. */
    findUserByToken(tokenHash: string, now: Date): Promise<(UserRow & { expires_at: Date }) | undefined> {
      return db<UserRow>('auth_tokens as t')
        .join('users as u', 'u.id', 't.user_id')
        .where('t.token_hash', tokenHash)
        .whereNull('t.revoked_at')
        .where('t.expires_at', '>', now)
        .where('u.active', true)
        .first('u.*', 't.expires_at');
    },

    /** Ends every session of a user (deactivation, a new password, a new role or department). */
    async revokeUserTokens(userId: number, now: Date): Promise<void> {
      await db('auth_tokens').where({ user_id: userId }).whereNull('revoked_at').update({ revoked_at: now });
    },

    async revokeToken(tokenHash: string, now: Date): Promise<void> {
      await db('auth_tokens').where({ token_hash: tokenHash }).whereNull('revoked_at').update({ revoked_at: now });
    },

    /** A key that is not revoked, by its current secret or by the previous one during a rotation's overlap. */
    findApiKey(keyHash: string, now: Date): Promise<ApiKeyRow | undefined> {
      return db('api_keys')
        .where((q) => q.where({ key_hash: keyHash }).orWhere((p) => p.where({ previous_key_hash: keyHash }).where('previous_expires_at', '>', now)))
        .whereNull('revoked_at')
        .first<ApiKeyRow | undefined>('id', 'name', 'channels', 'lines');
    },

    /** At most one write a minute per key: the admin's "last used" needs no finer grain. */
    async touchApiKey(id: number, now: Date): Promise<void> {
      await db('api_keys')
        .where({ id })
        .where((q) => q.whereNull('last_used_at').orWhere('last_used_at', '<', new Date(now.getTime() - 60_000)))
        .update({ last_used_at: now });
    },

    async apiKeyNamesTaken(): Promise<Set<string>> {
      const rows = await db('api_keys').select('name');
      return new Set(rows.map((r) => r.name as string));
    },

    async insertApiKey(key: { name: string; key_prefix: string; key_hash: string; channels: string[]; lines: string[] }): Promise<void> {
      await db('api_keys').insert(key);
    },
  };
}

export type AuthRepository = ReturnType<typeof createAuthRepository>;
