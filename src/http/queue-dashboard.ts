import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Router, type RequestHandler } from 'express';
import type { AuthService } from '../modules/auth';
import { queueNames, type QueueKey } from '../queues/names';
import type { Queues } from '../queues/queues';
import { ForbiddenError, UnauthenticatedError } from '../shared/errors';

const basePath = '/admin/queues';
const cookieName = 'hotline_queues_token';

function tokenFrom(header: string | undefined, cookie: string | undefined): string | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (bearer) return bearer[1];
  const match = (cookie ?? '').split(';').map((c) => c.trim().split('=')).find(([name]) => name === cookieName);
  return match ? decodeURIComponent(match[1] ?? '') : null;
}

/**
 * The BullMQ dashboard (Bull Board) at /admin/queues, for admins only. A browser cannot send the
 * bearer token on its own, so `?token=` once sets an HttpOnly cookie limited to this path.
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
    const token = fromQuery ?? tokenFrom(req.get('authorization'), req.get('cookie'));
    if (!token) return next(new UnauthenticatedError());
    deps.auth
      .principalForToken(token)
      .then((user) => {
        if (!user) throw new UnauthenticatedError('The token is invalid, expired or revoked', 'INVALID_TOKEN');
        if (user.role !== 'admin') throw new ForbiddenError('Only admins may see the queues');
        if (fromQuery) {
          res.cookie(cookieName, token, { httpOnly: true, sameSite: 'strict', path: basePath });
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
