import { isUniqueViolation } from '../../db/errors';
import type { Db } from '../../db/knex';
import type { ChangeBus } from '../../shared/change-bus';
import type { Clock } from '../../shared/clock';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors';
import type { UserPrincipal } from '../../shared/principal';
import type { Department, DepartmentDirectory } from '../departments';
import type { CreateDepartmentInput, UpdateDepartmentInput } from './admin.schemas';
import type { AuditRepository } from './audit.repository';

// A ticket a department is still working on (the transition table's open statuses held by a department).
const HELD_STATUSES = ['dispatched', 'accepted', 'returned'];

/**
 * The department tree as admins keep it. A department is never deleted (its tickets and figures
 * name it): it is retired, and only when nothing depends on it any more: no open ticket it holds
 * (a dispatcher re-dispatches them first), no active user, no active sub-unit. A retired
 * department receives no tickets and no new staff (tickets/ticket-policy.ts receivesTickets).
 */
export function createDepartmentsAdmin(deps: { db: Db; audit: AuditRepository; directory: DepartmentDirectory; bus: ChangeBus; clock: Clock }) {
  const { db, audit, directory, clock } = deps;

  const view = (d: Department, counts: { activeUsers: number; openTickets: number }) => ({
    id: d.id,
    code: d.code,
    name: d.name,
    nameEn: d.nameEn,
    kind: d.kind,
    parentCode: d.parentId === null ? null : (directory.get(d.parentId)?.code ?? null),
    active: d.active,
    ...counts,
  });

  async function countsFor(ids: number[]) {
    if (!ids.length) return new Map<number, { activeUsers: number; openTickets: number }>();
    const users = await db('users').whereIn('department_id', ids).where({ active: true }).groupBy('department_id').select('department_id', db.raw('count(*)::int as n'));
    const tickets = await db('tickets').whereIn('department_id', ids).whereIn('status', HELD_STATUSES).groupBy('department_id').select('department_id', db.raw('count(*)::int as n'));
    const out = new Map(ids.map((id) => [id, { activeUsers: 0, openTickets: 0 }]));
    for (const u of users) (out.get(u.department_id) as { activeUsers: number }).activeUsers = u.n;
    for (const t of tickets) (out.get(t.department_id) as { openTickets: number }).openTickets = t.n;
    return out;
  }

  async function changed(): Promise<void> {
    await deps.bus.publish({ kind: 'reference-changed', what: 'departments' });
  }

  function parentFor(code: string | null, self?: Department): number | null {
    if (code === null) return null;
    const parent = directory.getByCode(code);
    if (!parent) throw new ValidationError('Invalid input', [{ field: 'parentCode', message: `unknown department ${code}` }]);
    // A move under itself or one of its own sub-units would make a loop.
    if (self && directory.isWithin(parent.id, self.id)) throw new ValidationError('Invalid input', [{ field: 'parentCode', message: 'cannot move a department under itself or its sub-units' }]);
    return parent.id;
  }

  return {
    async list(f: { q?: string; kind?: string; parentCode?: string; active?: boolean; limit: number; offset: number }) {
      const parent = f.parentCode ? directory.getByCode(f.parentCode) : undefined;
      const q = f.q?.toLowerCase();
      const all = directory
        .list()
        .filter((d) => (!q || d.code.toLowerCase().includes(q) || d.name.includes(f.q as string) || d.nameEn.toLowerCase().includes(q)) && (!f.kind || d.kind === f.kind))
        .filter((d) => (f.parentCode ? d.parentId === (parent?.id ?? -1) : true) && (f.active === undefined || d.active === f.active))
        .sort((a, b) => a.code.localeCompare(b.code));
      const page = all.slice(f.offset, f.offset + f.limit);
      const counts = await countsFor(page.map((d) => d.id));
      return { departments: page.map((d) => view(d, counts.get(d.id) as { activeUsers: number; openTickets: number })), total: all.length };
    },

    async create(actor: UserPrincipal, input: CreateDepartmentInput) {
      const parentId = parentFor(input.parentCode);
      const now = clock.now();
      try {
        const id = await db.transaction(async (tx) => {
          const [row] = await tx('departments').insert({ code: input.code, name: input.name, name_en: input.nameEn, kind: input.kind, parent_id: parentId }).returning('id');
          await audit.record(tx, { action: 'department.created', actorUserId: actor.userId, targetType: 'department', targetId: row.id, detail: { after: input } }, now);
          return row.id as number;
        });
        await changed();
        return view(directory.get(id) as Department, { activeUsers: 0, openTickets: 0 });
      } catch (err) {
        if (isUniqueViolation(err, 'departments_code_unique')) throw new ConflictError('DUPLICATE_CODE', `A department with code ${input.code} exists`);
        throw err;
      }
    },

    async update(actor: UserPrincipal, id: number, input: UpdateDepartmentInput) {
      const current = directory.get(id);
      if (!current) throw new NotFoundError('No such department', 'DEPARTMENT_NOT_FOUND');
      const parentId = input.parentCode !== undefined ? parentFor(input.parentCode, current) : undefined;
      const now = clock.now();
      await db.transaction(async (tx) => {
        await tx('departments').where({ id }).forUpdate().first('id');
        if (input.active === false && current.active) {
          const subtree = directory.subtreeIds(id);
          const [[users], [tickets], [units]] = await Promise.all([
            tx('users').where({ department_id: id, active: true }).count({ n: '*' }),
            tx('tickets').where({ department_id: id }).whereIn('status', HELD_STATUSES).count({ n: '*' }),
            tx('departments').whereIn('id', subtree).whereNot({ id }).where({ active: true }).count({ n: '*' }),
          ]);
          const blockers = { activeUsers: Number(users.n), openTickets: Number(tickets.n), activeSubUnits: Number(units.n) };
          if (blockers.activeUsers || blockers.openTickets || blockers.activeSubUnits) {
            throw new ConflictError('DEPARTMENT_IN_USE', 'Re-dispatch its open tickets, move or deactivate its users and retire its sub-units first', [blockers]);
          }
        }
        await tx('departments')
          .where({ id })
          .update({
            ...(input.name !== undefined && { name: input.name }),
            ...(input.nameEn !== undefined && { name_en: input.nameEn }),
            ...(parentId !== undefined && { parent_id: parentId }),
            ...(input.active !== undefined && { active: input.active }),
          });
        await audit.record(tx, { action: 'department.updated', actorUserId: actor.userId, targetType: 'department', targetId: id, detail: { before: { name: current.name, nameEn: current.nameEn, parentCode: current.parentId === null ? null : (directory.get(current.parentId)?.code ?? null), active: current.active }, after: input } }, now);
      });
      await changed();
      const counts = await countsFor([id]);
      return view(directory.get(id) as Department, counts.get(id) as { activeUsers: number; openTickets: number });
    },
  };
}

export type DepartmentsAdmin = ReturnType<typeof createDepartmentsAdmin>;
