import { rateLimit } from 'express-rate-limit';
import type { RequestHandler } from 'express';
import { TooManyRequestsError } from '../shared/errors';

/**
 * A per-address limit for routes anyone can reach (login, the public form, survey links).
 * The store is in-process: with several web processes each allows the limit, which is still a
 * bound; a shared store can replace it without touching the routes.
 */
export function perMinuteLimit(limit: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new TooManyRequestsError()),
  });
}
