import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { NotFoundError, ValidationError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { knownError, RETRY_AFTER_SECONDS } from './known-errors';
import { loggablePath } from './loggable-path';
import { zodProblems } from '../shared/zod-problems';

/** Turns any thrown error into the contract's `{"error": {...}}` shape. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const appError = err instanceof ZodError ? new ValidationError('Invalid input', zodProblems(err)) : knownError(err);
    if (appError) {
      if (appError.status === 503) {
        res.set('Retry-After', String(RETRY_AFTER_SECONDS));
        logger.warn({ err: (err as Error).message, method: req.method, path: loggablePath(req) }, 'dependency unreachable');
      }
      res.status(appError.status).json({
        error: { code: appError.code, message: appError.message, details: appError.details },
      });
      return;
    }
    logger.error({ err, method: req.method, path: loggablePath(req) }, 'unexpected error');
    res.status(500).json({ error: { code: 'INTERNAL', message: 'Internal server error', details: [] } });
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`No route for ${req.method} ${req.path}`, 'ROUTE_NOT_FOUND'));
};
