import type { Db, Tx } from '../../db/knex';
import type { Role } from '../../shared/principal';
import { likeLiteral } from '../../db/like';

export interface AdminUserRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  department_id: number;
  department_code: string;
  department_name: string;
  active: boolean;
  created_at: Date;
  updated_at: Date | null;
}

export interface UserFilter {
  q?: string;
  role?: Role;
  departmentId?: number;
  active?: boolean;
  limit: number;
  offset: number;
}


export function createUsersAdminRepository(db: Db) {
  const base = (q: Db | Tx) =>
    q('users as u')
      .join('departments as d', 'd.id', 'u.department_id')
      .select('u.id', 'u.username', 'u.display_name', 'u.role', 'u.department_id', 'd.code as department_code', 'd.name as department_name', 'u.active', 'u.created_at', 'u.updated_at');

  return {
    async list(f: UserFilter): Promise<{ rows: AdminUserRow[]; total: number }> {
      const where = <Q extends ReturnType<Db>>(q: Q): Q => {
        if (f.q) q.where((w) => w.whereILike('u.username', `%${likeLiteral(f.q as string)}%`).orWhereILike('u.display_name', `%${likeLiteral(f.q as string)}%`));
        if (f.role) q.where('u.role', f.role);
        if (f.departmentId) q.where('u.department_id', f.departmentId);
        if (f.active !== undefined) q.where('u.active', f.active);
        return q;
      };
      const [{ n }] = await where(db('users as u')).count({ n: '*' });
      const rows = await where(base(db) as ReturnType<Db>).orderBy('u.username').limit(f.limit).offset(f.offset);
      return { rows: rows as AdminUserRow[], total: Number(n) };
    },

    async get(id: number, tx: Db | Tx = db): Promise<AdminUserRow | undefined> {
      return (await base(tx).where('u.id', id).first()) as AdminUserRow | undefined;
    },

    async getByUsername(username: string): Promise<AdminUserRow | undefined> {
      return (await base(db).where('u.username', username).first()) as AdminUserRow | undefined;
    },

    /** Locks the row, so two admins editing one user at once apply one after the other. */
    async lock(tx: Tx, id: number): Promise<boolean> {
      return Boolean(await tx('users').where({ id }).forUpdate().first('id'));
    },

    async insert(tx: Tx, user: { username: string; password_hash: string; display_name: string; role: Role; department_id: number }, now: Date): Promise<number> {
      const [row] = await tx('users').insert({ ...user, created_at: now }).returning('id');
      return row.id as number;
    },

    async update(tx: Tx, id: number, patch: Partial<{ role: Role; department_id: number; active: boolean; password_hash: string; display_name: string }>, now: Date): Promise<void> {
      await tx('users').where({ id }).update({ ...patch, updated_at: now });
    },

    /** Active admins other than this user, counted under a lock so two admins cannot both remove the last. */
    async otherActiveAdmins(tx: Tx, id: number): Promise<number> {
      const rows = await tx('users').where({ role: 'admin', active: true }).whereNot({ id }).forUpdate().select('id');
      return rows.length;
    },
  };
}

export type UsersAdminRepository = ReturnType<typeof createUsersAdminRepository>;
