import type { Db } from '../../db/knex';
import type { DepartmentKind } from '../../db/reference/types';

export interface Department {
  id: number;
  code: string;
  name: string;
  nameEn: string;
  kind: DepartmentKind;
  parentId: number | null;
  /** A retired department keeps its history but receives no tickets and no new staff. */
  active: boolean;
}

export function createDepartmentsRepository(db: Db) {
  return {
    async all(): Promise<Department[]> {
      const rows = await db('departments').select('id', 'code', 'name', 'name_en', 'kind', 'parent_id', 'active').orderBy('id');
      return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, nameEn: r.name_en, kind: r.kind, parentId: r.parent_id, active: r.active }));
    },
  };
}

export type DepartmentsRepository = ReturnType<typeof createDepartmentsRepository>;
