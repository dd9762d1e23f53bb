import { isUniqueViolation } from '../../db/errors';
import type { Db } from '../../db/knex';
import type { Clock } from '../../shared/clock';
import { ConflictError, NotFoundError, ValidationError, type FieldProblem } from '../../shared/errors';
import { type Role, type UserPrincipal } from '../../shared/principal';
import { hashPassword, type AuthService } from '../auth';
import { passwordProblems } from '../auth/password-policy';
import type { Department, DepartmentDirectory } from '../departments';
import type { CreateUserInput, UpdateUserInput } from './admin.schemas';
import type { AuditRepository } from './audit.repository';
import type { AdminUserRow, UserFilter, UsersAdminRepository } from './users-admin.repository';

export function userAdminView(u: AdminUserRow) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    department: { id: u.department_id, code: u.department_code, name: u.department_name },
    active: u.active,
    createdAt: new Date(u.created_at).toISOString(),
    updatedAt: u.updated_at ? new Date(u.updated_at).toISOString() : null,
  };
}

export interface UsersAdminDeps {
  db: Db;
  repo: UsersAdminRepository;
  audit: AuditRepository;
  directory: DepartmentDirectory;
  auth: AuthService;
  clock: Clock;
  passwords: { production: boolean; demoPassword: string };
}

/**
 * Users as admins keep them. Any change to what a user may do (role, department, deactivation,
 * a new password) ends their sessions at once in every process: a changed principal is never
 * served from a cache, and the user signs in again with what they now are.
 */
export function createUsersAdmin(deps: UsersAdminDeps) {
  const { repo, audit, directory, clock } = deps;

  /** Handlers work a department's tickets: theirs must receive them. Everyone else may belong anywhere in service. */
  function departmentFor(role: Role, code: string | undefined, problems: FieldProblem[]): Department | undefined {
    const d = directory.getByCode(code ?? 'HOTLINE');
    if (!d || !d.active) problems.push({ field: 'departmentCode', message: `${code} is not a department in service` });
    else if (role === 'handler' && (d.kind === 'centre' || d.kind === 'external')) {
      problems.push({ field: 'departmentCode', message: 'a handler belongs to a department that receives tickets' });
    } else return d;
    return undefined;
  }

  function checkPassword(password: string, username: string, problems: FieldProblem[]) {
    problems.push(...passwordProblems(password, { username, demoPassword: deps.passwords.demoPassword, production: deps.passwords.production }));
  }

  return {
    async list(filter: Omit<UserFilter, 'departmentId'> & { departmentCode?: string }) {
      const department = filter.departmentCode ? directory.getByCode(filter.departmentCode) : undefined;
      if (filter.departmentCode && !department) return { users: [], total: 0 };
      const { rows, total } = await repo.list({ ...filter, departmentId: department?.id });
      return { users: rows.map(userAdminView), total };
    },

    async create(actor: UserPrincipal | null, input: CreateUserInput) {
      const problems: FieldProblem[] = [];
      const department = departmentFor(input.role, input.departmentCode, problems);
      checkPassword(input.password, input.username, problems);
      if (problems.length || !department) throw new ValidationError('Invalid input', problems);
      const passwordHash = await hashPassword(input.password);
      const now = clock.now();
      try {
        return await deps.db.transaction(async (tx) => {
          const id = await repo.insert(tx, { username: input.username, password_hash: passwordHash, display_name: input.displayName ?? input.username, role: input.role, department_id: department.id }, now);
          const view = userAdminView((await repo.get(id, tx)) as AdminUserRow);
          await audit.record(tx, { action: 'user.created', actorUserId: actor?.userId ?? null, targetType: 'user', targetId: id, detail: { after: view } }, now);
          return view;
        });
      } catch (err) {
        if (isUniqueViolation(err, 'users_username_unique')) throw new ConflictError('USERNAME_TAKEN', `The username ${input.username} is taken`);
        throw err;
      }
    },

    /** The user's id, or 404 (the command line names users by username). */
    async idOf(username: string): Promise<number> {
      const user = await repo.getByUsername(username);
      if (!user) throw new NotFoundError(`No user ${username}`, 'USER_NOT_FOUND');
      return user.id;
    },

    /** actor null: the command line (`npm run admin -- reset-password`), recorded without an actor like create-user. */
    async update(actor: UserPrincipal | null, id: number, input: UpdateUserInput) {
      const current = await repo.get(id);
      if (!current) throw new NotFoundError('No such user', 'USER_NOT_FOUND');
      const problems: FieldProblem[] = [];
      const role = input.role ?? current.role;
      const department = input.departmentCode !== undefined || input.role !== undefined ? departmentFor(role, input.departmentCode ?? current.department_code, problems) : undefined;
      if (input.password !== undefined) checkPassword(input.password, current.username, problems);
      if (problems.length) throw new ValidationError('Invalid input', problems);
      const passwordHash = input.password !== undefined ? await hashPassword(input.password) : undefined;
      const now = clock.now();
      const endsSessions = input.password !== undefined || input.active === false || (input.role !== undefined && input.role !== current.role) || (department !== undefined && department.id !== current.department_id);

      const after = await deps.db.transaction(async (tx) => {
        await repo.lock(tx, id);
        const losesAdmin = current.role === 'admin' && current.active && (input.active === false || (input.role !== undefined && input.role !== 'admin'));
        if (losesAdmin && (await repo.otherActiveAdmins(tx, id)) === 0) {
          throw new ConflictError('LAST_ADMIN', 'This is the last active admin: make another admin first');
        }
        await repo.update(
          tx,
          id,
          {
            ...(input.role !== undefined && { role: input.role }),
            ...(department && { department_id: department.id }),
            ...(input.active !== undefined && { active: input.active }),
            ...(input.displayName !== undefined && { display_name: input.displayName }),
            ...(passwordHash && { password_hash: passwordHash }),
          },
          now,
        );
        const view = userAdminView((await repo.get(id, tx)) as AdminUserRow);
        await audit.record(tx, { action: 'user.updated', actorUserId: actor?.userId ?? null, targetType: 'user', targetId: id, detail: { before: userAdminView(current), after: view, passwordReset: input.password !== undefined } }, now);
        return view;
      });
      if (endsSessions) await deps.auth.endUserSessions(id);
      return after;
    },
  };
}

export type UsersAdmin = ReturnType<typeof createUsersAdmin>;
