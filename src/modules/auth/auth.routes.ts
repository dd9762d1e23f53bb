import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { ApiRouter } from '../../http/api-router';
import type { AuthService } from './auth.service';
import { anyStaff, roles } from '../../shared/principal';

export const loginSchema = z.object({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(200),
});

const loginUser = z.object({ id: z.number().int(), username: z.string(), role: z.enum(roles), departmentId: z.number().int() });
const loginResponse = z.object({ token: z.string(), expiresAt: z.iso.datetime({ offset: true }), user: loginUser });

export function registerAuthRoutes(router: ApiRouter, auth: AuthService, loginLimits: RequestHandler[]): void {
  router.add({
    method: 'post',
    path: '/auth/login',
    access: { public: true },
    summary: 'Sign in with username and password; returns a bearer token',
    schemas: { body: loginSchema },
    response: loginResponse,
    before: loginLimits,
    handle: async ({ res, body }) => {
      res.json(await auth.login(body.username, body.password));
    },
  });

  router.add({
    method: 'post',
    path: '/auth/logout',
    access: { roles: anyStaff },
    summary: 'Revoke the bearer token used for this request',
    successStatus: 204,
    handle: async ({ req, res }) => {
      const token = (req.get('authorization') ?? '').replace(/^Bearer\s+/i, '');
      await auth.logout(token);
      res.status(204).end();
    },
  });

  router.add({
    method: 'get',
    path: '/auth/me',
    access: { roles: anyStaff },
    summary: 'The signed-in user',
    response: z.object({ user: loginUser }),
    handle: async ({ res, principal }) => {
      if (principal.kind !== 'user') return;
      res.json({
        user: { id: principal.userId, username: principal.username, role: principal.role, departmentId: principal.departmentId },
      });
    },
  });
}
