import type { ApiRouter } from '../../http/api-router';
import type { DepartmentDirectory } from './department-directory';
import { departmentListSchema, type DepartmentList } from './departments.schemas';

export function registerDepartmentRoutes(router: ApiRouter, directory: DepartmentDirectory): void {
  router.add({
    method: 'get',
    path: '/departments',
    // Reference data with nothing personal in it: the citizen form needs the districts too.
    access: { public: true },
    summary: 'The department tree in service (municipal bureaus, districts, their offices and streets); retired ones are in the admin list only',
    response: departmentListSchema,
    handle: async ({ res }) => {
      const body: DepartmentList = {
        departments: directory
          .list()
          .filter((d) => d.active)
          .map((d) => ({
            id: d.id,
            code: d.code,
            name: d.name,
            nameEn: d.nameEn,
            kind: d.kind,
            parentCode: d.parentId === null ? null : (directory.get(d.parentId)?.code ?? null),
          })),
      };
      res.json(body);
    },
  });
}
