import type { ApiRouter } from '../../http/api-router';
import { int4IdSchema } from '../../http/validate';
import type { UserPrincipal } from '../../shared/principal';
import * as s from './admin.schemas';
import type { Admin } from './index';

const idParam = int4IdSchema('an id');
const admins = { roles: ['admin'] } as const;
const actorOf = (p: unknown) => p as UserPrincipal;

/** The admin console's API (SPEC section 10): admins only; every change is audited by the services. */
export function registerAdminRoutes(router: ApiRouter, admin: Admin): void {
  // Users ---------------------------------------------------------------------------------------
  router.add({
    method: 'get', path: '/admin/users', access: admins, summary: 'Users, filtered and paged, with the true total',
    schemas: { query: s.userListQuery }, response: s.userList,
    handle: async ({ res, query }) => {
      res.json(await admin.users.list(query));
    },
  });
  router.add({
    method: 'post', path: '/admin/users', access: admins, summary: 'Create a user (password policy applies)',
    schemas: { body: s.createUserSchema }, successStatus: 201, response: s.userView,
    handle: async ({ res, principal, body }) => {
      res.status(201).json(await admin.users.create(actorOf(principal), body));
    },
  });
  router.add({
    method: 'patch', path: '/admin/users/:id', access: admins,
    summary: "Change a user's role, department, name or password, or deactivate them (their sessions and live sockets end at once)",
    schemas: { params: { id: idParam.describe('user id') }, body: s.updateUserSchema }, response: s.userView,
    handle: async ({ res, principal, params, body }) => {
      res.json(await admin.users.update(actorOf(principal), params.id, body));
    },
  });

  // API keys ------------------------------------------------------------------------------------
  router.add({
    method: 'get', path: '/admin/api-keys', access: admins, summary: 'Partner API keys with their grants and last use (never the secret)',
    schemas: { query: s.apiKeyListQuery }, response: s.apiKeyList,
    handle: async ({ res, query }) => {
      res.json(await admin.apiKeys.list(query));
    },
  });
  router.add({
    method: 'post', path: '/admin/api-keys', access: admins, summary: 'Create a partner API key; the secret is in this answer only',
    schemas: { body: s.createApiKeySchema }, successStatus: 201, response: s.apiKeyWithSecret,
    handle: async ({ res, principal, body }) => {
      res.status(201).json(await admin.apiKeys.create(actorOf(principal), body));
    },
  });
  router.add({
    method: 'post', path: '/admin/api-keys/:id/rotate', access: admins, summary: 'A new secret for a key; the old one works for overlapHours more',
    schemas: { params: { id: idParam.describe('key id') }, body: s.rotateApiKeySchema }, response: s.apiKeyWithSecret,
    handle: async ({ res, principal, params, body }) => {
      res.json(await admin.apiKeys.rotate(actorOf(principal), params.id, body.overlapHours));
    },
  });
  router.add({
    method: 'delete', path: '/admin/api-keys/:id', access: admins, summary: 'Revoke a key: refused at once by every process',
    schemas: { params: { id: idParam.describe('key id') } }, successStatus: 204,
    handle: async ({ res, principal, params }) => {
      await admin.apiKeys.revoke(actorOf(principal), params.id);
      res.status(204).end();
    },
  });

  // Departments ---------------------------------------------------------------------------------
  router.add({
    method: 'get', path: '/admin/departments', access: admins, summary: 'Departments with their active users and open tickets, paged',
    schemas: { query: s.departmentListQuery }, response: s.departmentList,
    handle: async ({ res, query }) => {
      res.json(await admin.departments.list(query));
    },
  });
  router.add({
    method: 'post', path: '/admin/departments', access: admins, summary: 'Create a department under a parent',
    schemas: { body: s.createDepartmentSchema }, successStatus: 201, response: s.departmentAdminView,
    handle: async ({ res, principal, body }) => {
      res.status(201).json(await admin.departments.create(actorOf(principal), body));
    },
  });
  router.add({
    method: 'patch', path: '/admin/departments/:id', access: admins,
    summary: 'Rename, move or retire a department (retiring is refused while it holds open tickets, active users or active sub-units)',
    schemas: { params: { id: idParam.describe('department id') }, body: s.updateDepartmentSchema }, response: s.departmentAdminView,
    handle: async ({ res, principal, params, body }) => {
      res.json(await admin.departments.update(actorOf(principal), params.id, body));
    },
  });

  // Categories ----------------------------------------------------------------------------------
  router.add({
    method: 'get', path: '/admin/categories', access: admins, summary: 'Categories with keywords, default department and district function, paged',
    schemas: { query: s.categoryListQuery }, response: s.categoryList,
    handle: async ({ res, query }) => {
      res.json(admin.categories.list(query));
    },
  });
  router.add({
    method: 'post', path: '/admin/categories', access: admins, summary: 'Create a category; routing uses it from the next ticket',
    schemas: { body: s.createCategorySchema }, successStatus: 201, response: s.categoryAdminView,
    handle: async ({ res, principal, body }) => {
      res.status(201).json(await admin.categories.create(actorOf(principal), body));
    },
  });
  router.add({
    method: 'patch', path: '/admin/categories/:id', access: admins, summary: "Edit a category's names, keywords, default department or district function",
    schemas: { params: { id: idParam.describe('category id') }, body: s.updateCategorySchema }, response: s.categoryAdminView,
    handle: async ({ res, principal, params, body }) => {
      res.json(await admin.categories.update(actorOf(principal), params.id, body));
    },
  });

  // Knowledge base ------------------------------------------------------------------------------
  router.add({
    method: 'get', path: '/admin/kb', access: admins, summary: 'Knowledge-base articles with who edited them and when, paged',
    schemas: { query: s.kbListQuery }, response: s.kbList,
    handle: async ({ res, query }) => {
      res.json(await admin.kb.list(query));
    },
  });
  router.add({
    method: 'post', path: '/admin/kb', access: admins, summary: 'Write a knowledge-base article',
    schemas: { body: s.createKbSchema }, successStatus: 201, response: s.kbAdminView,
    handle: async ({ res, principal, body }) => {
      res.status(201).json(await admin.kb.create(actorOf(principal), body));
    },
  });
  router.add({
    method: 'patch', path: '/admin/kb/:id', access: admins, summary: 'Edit or retire a knowledge-base article',
    schemas: { params: { id: idParam.describe('article id') }, body: s.updateKbSchema }, response: s.kbAdminView,
    handle: async ({ res, principal, params, body }) => {
      res.json(await admin.kb.update(actorOf(principal), params.id, body));
    },
  });

  // Audit log -----------------------------------------------------------------------------------
  router.add({
    method: 'get', path: '/admin/audit', access: admins, summary: 'The audit log (admin changes, phone reveals, partner changes), newest first, filtered and paged',
    schemas: { query: s.auditQuery }, response: s.auditList,
    handle: async ({ res, query }) => {
      res.json(await admin.auditLog(query));
    },
  });
}
