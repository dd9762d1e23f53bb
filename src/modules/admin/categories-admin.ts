import { isUniqueViolation } from '../../db/errors';
import type { Db } from '../../db/knex';
import type { ChangeBus } from '../../shared/change-bus';
import type { Clock } from '../../shared/clock';
import { ConflictError, NotFoundError, ValidationError, type FieldProblem } from '../../shared/errors';
import type { UserPrincipal } from '../../shared/principal';
import type { Category, CategoryCatalog } from '../categories';
import type { DepartmentDirectory } from '../departments';
import type { CreateCategoryInput, UpdateCategoryInput } from './admin.schemas';
import type { AuditRepository } from './audit.repository';

/**
 * The category tree with its keywords, default departments and district functions. A change is
 * announced on the change bus: every process reloads the catalogue and routing rebuilds its
 * classifier, so the next ticket is classified by the new keywords without a restart.
 */
export function createCategoriesAdmin(deps: { db: Db; audit: AuditRepository; catalog: CategoryCatalog; directory: DepartmentDirectory; bus: ChangeBus; clock: Clock }) {
  const { db, audit, catalog, directory, clock } = deps;

  const view = (c: Category) => ({
    id: c.id,
    code: c.code,
    name: c.name,
    nameEn: c.nameEn,
    parentCode: c.parentId === null ? null : (catalog.get(c.parentId)?.code ?? null),
    keywords: c.keywords,
    defaultDepartmentCode: c.defaultDepartmentId === null ? null : (directory.get(c.defaultDepartmentId)?.code ?? null),
    districtFunction: c.districtFunction,
  });

  function departmentId(code: string | null | undefined, problems: FieldProblem[]): number | null | undefined {
    if (code === undefined || code === null) return code;
    const d = directory.getByCode(code);
    if (!d || !d.active) problems.push({ field: 'defaultDepartmentCode', message: `${code} is not a department in service` });
    return d?.id;
  }

  async function changed(): Promise<void> {
    await deps.bus.publish({ kind: 'reference-changed', what: 'categories' });
  }

  return {
    list(f: { q?: string; parentCode?: string; limit: number; offset: number }) {
      const parent = f.parentCode ? catalog.getByCode(f.parentCode) : undefined;
      const q = f.q?.toLowerCase();
      const all = catalog
        .list()
        .filter((c) => !q || c.code.toLowerCase().includes(q) || c.name.includes(f.q as string) || c.nameEn.toLowerCase().includes(q) || c.keywords.some((k) => k.includes(f.q as string)))
        .filter((c) => !f.parentCode || c.parentId === (parent?.id ?? -1))
        .sort((a, b) => a.code.localeCompare(b.code));
      return { categories: all.slice(f.offset, f.offset + f.limit).map(view), total: all.length };
    },

    async create(actor: UserPrincipal, input: CreateCategoryInput) {
      const problems: FieldProblem[] = [];
      const parent = input.parentCode === null ? null : catalog.getByCode(input.parentCode);
      if (parent === undefined) problems.push({ field: 'parentCode', message: `unknown category ${input.parentCode}` });
      const defaultDepartmentId = departmentId(input.defaultDepartmentCode, problems);
      if (problems.length) throw new ValidationError('Invalid input', problems);
      const now = clock.now();
      try {
        const id = await db.transaction(async (tx) => {
          const [row] = await tx('categories')
            .insert({ code: input.code, name: input.name, name_en: input.nameEn, parent_id: parent?.id ?? null, keywords: [...new Set(input.keywords)], default_department_id: defaultDepartmentId, district_function: input.districtFunction })
            .returning('id');
          await audit.record(tx, { action: 'category.created', actorUserId: actor.userId, targetType: 'category', targetId: row.id, detail: { after: input } }, now);
          return row.id as number;
        });
        await changed();
        return view(catalog.get(id) as Category);
      } catch (err) {
        if (isUniqueViolation(err, 'categories_code_unique')) throw new ConflictError('DUPLICATE_CODE', `A category with code ${input.code} exists`);
        throw err;
      }
    },

    async update(actor: UserPrincipal, id: number, input: UpdateCategoryInput) {
      const current = catalog.get(id);
      if (!current) throw new NotFoundError('No such category', 'CATEGORY_NOT_FOUND');
      const problems: FieldProblem[] = [];
      const defaultDepartmentId = departmentId(input.defaultDepartmentCode, problems);
      if (problems.length) throw new ValidationError('Invalid input', problems);
      const now = clock.now();
      await db.transaction(async (tx) => {
        await tx('categories')
          .where({ id })
          .update({
            ...(input.name !== undefined && { name: input.name }),
            ...(input.nameEn !== undefined && { name_en: input.nameEn }),
            ...(input.keywords !== undefined && { keywords: [...new Set(input.keywords)] }),
            ...(defaultDepartmentId !== undefined && { default_department_id: defaultDepartmentId }),
            ...(input.districtFunction !== undefined && { district_function: input.districtFunction }),
          });
        await audit.record(tx, { action: 'category.updated', actorUserId: actor.userId, targetType: 'category', targetId: id, detail: { before: view(current), after: input } }, now);
      });
      await changed();
      return view(catalog.get(id) as Category);
    },
  };
}

export type CategoriesAdmin = ReturnType<typeof createCategoriesAdmin>;
