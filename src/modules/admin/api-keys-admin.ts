import { isUniqueViolation } from '../../db/errors';
import type { Db } from '../../db/knex';
import type { Clock } from '../../shared/clock';
import { ConflictError, NotFoundError } from '../../shared/errors';
import { type UserPrincipal } from '../../shared/principal';
import { randomSecret, sha256, type AuthService } from '../auth';
import type { AuditRepository } from './audit.repository';

interface ApiKeyRow {
  id: number;
  name: string;
  key_prefix: string;
  channels: string[];
  lines: string[];
  created_at: Date;
  last_used_at: Date | null;
  rotated_at: Date | null;
  previous_expires_at: Date | null;
  revoked_at: Date | null;
}

const COLUMNS = ['id', 'name', 'key_prefix', 'channels', 'lines', 'created_at', 'last_used_at', 'rotated_at', 'previous_expires_at', 'revoked_at'];
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** A key as admins see it: never its secret or hash; the previous secret's end only while it still works. */
function apiKeyView(k: ApiKeyRow, now: Date) {
  const previous = k.previous_expires_at && new Date(k.previous_expires_at) > now && !k.revoked_at ? k.previous_expires_at : null;
  return {
    id: k.id,
    name: k.name,
    keyPrefix: k.key_prefix,
    channels: k.channels,
    lines: k.lines,
    createdAt: iso(k.created_at) as string,
    lastUsedAt: iso(k.last_used_at),
    rotatedAt: iso(k.rotated_at),
    previousValidUntil: iso(previous),
    revokedAt: iso(k.revoked_at),
  };
}

/**
 * Partner API keys: created with the secret shown once (only its SHA-256 is kept), rotated with an
 * overlap in which the old secret still works, revoked so that every process refuses it at once.
 */
export function createApiKeysAdmin(deps: { db: Db; audit: AuditRepository; auth: AuthService; clock: Clock }) {
  const { db, audit, clock } = deps;
  const newSecret = (name: string) => randomSecret(`hk_${name.slice(0, 12)}_`);

  return {
    async list(f: { includeRevoked?: boolean; limit: number; offset: number }) {
      const q = db('api_keys');
      if (!f.includeRevoked) q.whereNull('revoked_at');
      const [{ n }] = await q.clone().count({ n: '*' });
      const rows = (await q.select(COLUMNS).orderBy('name').limit(f.limit).offset(f.offset)) as ApiKeyRow[];
      const now = clock.now();
      return { apiKeys: rows.map((r) => apiKeyView(r, now)), total: Number(n) };
    },

    async create(actor: UserPrincipal, input: { name: string; channels: string[]; lines: string[] }) {
      const key = newSecret(input.name);
      const now = clock.now();
      try {
        const row = await db.transaction(async (tx) => {
          const [created] = (await tx('api_keys')
            .insert({ name: input.name, key_prefix: key.slice(0, 10), key_hash: sha256(key), channels: [...new Set(input.channels)], lines: [...new Set(input.lines)], created_at: now })
            .returning(COLUMNS)) as ApiKeyRow[];
          await audit.record(tx, { action: 'api-key.created', actorUserId: actor.userId, targetType: 'api_key', targetId: created.id, detail: { after: apiKeyView(created, now) } }, now);
          return created;
        });
        return { ...apiKeyView(row, now), key };
      } catch (err) {
        if (isUniqueViolation(err, 'api_keys_name_unique')) throw new ConflictError('DUPLICATE_NAME', `A key named ${input.name} exists`);
        throw err;
      }
    },

    async rotate(actor: UserPrincipal, id: number, overlapHours: number) {
      const key = newSecret(String(id));
      const now = clock.now();
      const row = await db.transaction(async (tx) => {
        const current = (await tx('api_keys').where({ id }).forUpdate().first([...COLUMNS, 'key_hash'])) as (ApiKeyRow & { key_hash: string }) | undefined;
        if (!current) throw new NotFoundError('No such API key', 'API_KEY_NOT_FOUND');
        if (current.revoked_at) throw new ConflictError('API_KEY_REVOKED', 'A revoked key cannot be rotated');
        const [rotated] = (await tx('api_keys')
          .where({ id })
          .update({
            key_hash: sha256(key),
            key_prefix: key.slice(0, 10),
            previous_key_hash: overlapHours > 0 ? current.key_hash : null,
            previous_expires_at: overlapHours > 0 ? new Date(now.getTime() + overlapHours * 3600_000) : null,
            rotated_at: now,
          })
          .returning(COLUMNS)) as ApiKeyRow[];
        await audit.record(tx, { action: 'api-key.rotated', actorUserId: actor.userId, targetType: 'api_key', targetId: id, detail: { before: apiKeyView(current, now), after: apiKeyView(rotated, now), overlapHours } }, now);
        return rotated;
      });
      // Without an overlap the old secret stops at once everywhere.
      if (overlapHours === 0) await deps.auth.forgetApiKey(id);
      return { ...apiKeyView(row, now), key };
    },

    async revoke(actor: UserPrincipal, id: number): Promise<void> {
      const now = clock.now();
      await db.transaction(async (tx) => {
        const current = (await tx('api_keys').where({ id }).forUpdate().first(COLUMNS)) as ApiKeyRow | undefined;
        if (!current) throw new NotFoundError('No such API key', 'API_KEY_NOT_FOUND');
        if (current.revoked_at) return; // revoking twice is the same as once
        const [revoked] = (await tx('api_keys').where({ id }).update({ revoked_at: now }).returning(COLUMNS)) as ApiKeyRow[];
        await audit.record(tx, { action: 'api-key.revoked', actorUserId: actor.userId, targetType: 'api_key', targetId: id, detail: { before: apiKeyView(current, now), after: apiKeyView(revoked, now) } }, now);
      });
      await deps.auth.forgetApiKey(id);
    },
  };
}

export type ApiKeysAdmin = ReturnType<typeof createApiKeysAdmin>;
