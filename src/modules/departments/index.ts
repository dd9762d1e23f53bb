export { createDepartmentsRepository, type Department } from './departments.repository';
export { DepartmentDirectory } from './department-directory';
export { registerDepartmentRoutes } from './departments.routes';
