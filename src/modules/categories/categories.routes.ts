import type { ApiRouter } from '../../http/api-router';
import type { DepartmentDirectory } from '../departments';
import { categoryListSchema, type CategoryList } from './categories.schemas';
import type { CategoryCatalog } from './category-catalog';

export function registerCategoryRoutes(router: ApiRouter, catalog: CategoryCatalog, directory: DepartmentDirectory): void {
  router.add({
    method: 'get',
    path: '/categories',
    access: { public: true },
    summary: 'The category tree with keywords and default departments',
    response: categoryListSchema,
    handle: async ({ res }) => {
      const body: CategoryList = {
        categories: catalog.list().map((c) => ({
          id: c.id,
          code: c.code,
          name: c.name,
          nameEn: c.nameEn,
          parentCode: c.parentId === null ? null : (catalog.get(c.parentId)?.code ?? null),
          leaf: catalog.isLeaf(c),
          keywords: c.keywords,
          defaultDepartmentCode: c.defaultDepartmentId === null ? null : (directory.get(c.defaultDepartmentId)?.code ?? null),
        })),
      };
      res.json(body);
    },
  });
}
