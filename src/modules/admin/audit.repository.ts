import type { Db, Tx } from '../../db/knex';

export interface AuditEntryInput {
  action: string;
  actorUserId: number | null;
  targetType: string;
  targetId: string | number;
  /** The record before and after the change (never a password or key, not even hashed). */
  detail: { before?: unknown; after?: unknown; [k: string]: unknown };
}

export interface AuditFilter {
  action?: string;
  actorUserId?: number;
  targetType?: string;
  targetId?: string;
  ticketId?: number;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

export interface AuditEntryRow {
  id: number;
  action: string;
  actor_user_id: number | null;
  actor_username: string | null;
  actor_api_key_id: number | null;
  actor_api_key_name: string | null;
  ticket_id: number | null;
  target_type: string | null;
  target_id: string | null;
  detail: Record<string, unknown>;
  created_at: Date;
}

/** The audit log: written in the transaction of each admin change, read by admins with filters. */
export function createAuditRepository(db: Db) {
  return {
    async record(tx: Tx, entry: AuditEntryInput, now: Date): Promise<void> {
      await tx('audit_log').insert({
        action: entry.action,
        actor_user_id: entry.actorUserId,
        target_type: entry.targetType,
        target_id: String(entry.targetId),
        detail: entry.detail,
        created_at: now,
      });
    },

    async list(f: AuditFilter): Promise<{ rows: AuditEntryRow[]; total: number }> {
      const q = db('audit_log as a');
      if (f.action) q.where('a.action', f.action);
      if (f.actorUserId) q.where('a.actor_user_id', f.actorUserId);
      if (f.targetType) q.where('a.target_type', f.targetType);
      if (f.targetId) q.where('a.target_id', f.targetId);
      if (f.ticketId) q.where('a.ticket_id', f.ticketId);
      if (f.from) q.where('a.created_at', '>=', f.from);
      if (f.to) q.where('a.created_at', '<', f.to);
      const [{ n }] = await q.clone().count({ n: '*' });
      const rows = await q
        .leftJoin('users as u', 'u.id', 'a.actor_user_id')
        .leftJoin('api_keys as k', 'k.id', 'a.actor_api_key_id')
        .select('a.*', 'u.username as actor_username', 'k.name as actor_api_key_name')
        .orderBy([{ column: 'a.created_at', order: 'desc' }, { column: 'a.id', order: 'desc' }])
        .limit(f.limit)
        .offset(f.offset);
      return { rows, total: Number(n) };
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
