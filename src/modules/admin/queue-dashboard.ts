import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Router, type RequestHandler } from 'express';
import { sha256, type AuthService } from '../auth';
import { queueNames, type QueueKey } from '../../queues/names';
import type { Queues } from '../../queues/queues';
import { ForbiddenError, UnauthenticatedError } from '../../shared/errors';

const basePath = '/admin/queues';
const cookieName = 'hotline_queues_token';

/** The token's hash, from the bearer header (hashed here) or the dashboard's cookie. */
function tokenHashFrom(header: string | undefined, cookie: string | undefined): string | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (bearer) return sha256(bearer[1]);
  const match = (cookie ?? '').split(';').map((c) => c.trim().split('=')).find(([name]) => name === cookieName);
  const value = match?.[1] ?? '';
  return /^[0-9a-f]{64}$/.test(value) ? value : null;
}

/**
 * The BullMQ dashboard (Bull Board) at /admin/queues, for admins only. A browser cannot send the
 * bearer token on its own, so `?token=` once sets a cookie limited to this path. The cookie holds
 * the token's hash, not the token: whoever reads it (a proxy log, a shared machine) cannot call the
 * API with it, and it stops working when the token is revoked or expires. HttpOnly and SameSite
 * always; Secure when the page was reached over HTTPS (directly, or through a proxy on loopback).
 */
export function queueDashboard(deps: { queues: Queues; auth: AuthService }): Router {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(basePath);
  createBullBoard({
    queues: (Object.keys(queueNames) as QueueKey[]).map((key) => new BullMQAdapter(deps.queues.get(key))),
    serverAdapter: adapter,
  });

  const adminOnly: RequestHandler = (req, res, next) => {
    const fromQuery = typeof req.query.token === 'string' ? req.query.token : null;
    const hash = fromQuery ? sha256(fromQuery) : tokenHashFrom(req.get('authorization'), req.get('cookie'));
    if (!hash) return next(new UnauthenticatedError());
    deps.auth
      .principalForTokenHash(hash)
      .then((user) => {
        if (!user) throw new UnauthenticatedError('The token is invalid, expired or revoked', 'INVALID_TOKEN');
        if (user.role !== 'admin') throw new ForbiddenError('Only admins may see the queues');
        if (fromQuery) {
          res.cookie(cookieName, hash, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: basePath });
          return res.redirect(basePath);
        }
        next();
      })
      .catch(next);
  };

  const router = Router();
  router.use(basePath, adminOnly, adapter.getRouter());
  return router;
}
