import type { Db } from '../../db/knex';
import { readVersion } from '../../db/version-reads';

export interface Category {
  id: number;
  code: string;
  name: string;
  nameEn: string;
  parentId: number | null;
  keywords: string[];
  defaultDepartmentId: number | null;
  districtFunction: 'ENV' | 'CITY' | 'HOUSING' | null;
}

export function createCategoriesRepository(db: Db) {
  return {
    /** Changes whenever a category, its keywords or its department change (the table has no updated_at). */
    async version(): Promise<string> {
      return (await readVersion(
        db,
        `select md5(coalesce(string_agg(concat_ws('|', id, code, parent_id, keywords::text, default_department_id, district_function), ';' order by id), '')) from categories`,
      )) as string;
    },

    async all(): Promise<Category[]> {
      const rows = await db('categories').select('*').orderBy('id');
      return rows.map((r) => ({
        id: r.id,
        code: r.code,
        name: r.name,
        nameEn: r.name_en,
        parentId: r.parent_id,
        keywords: r.keywords,
        defaultDepartmentId: r.default_department_id,
        districtFunction: r.district_function,
      }));
    },
  };
}

export type CategoriesRepository = ReturnType<typeof createCategoriesRepository>;
