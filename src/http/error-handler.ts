import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { AppError, NotFoundError, PayloadTooLargeError, ValidationError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { zodProblems } from './validate';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
}

/** Turns any thrown error into the contract's `{"error": {...}}` shape. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const appError = toAppError(err);
    if (appError) {
      res.status(appError.status).json({
        error: { code: appError.code, message: appError.message, details: appError.details },
      });
      return;
    }
    logger.error({ err, method: req.method, url: req.originalUrl }, 'unexpected error');
    res.status(500).json({ error: { code: 'INTERNAL', message: 'Internal server error', details: [] } });
  };
}

function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) return new ValidationError('Invalid input', zodProblems(err));
  const bodyError = err as BodyParserError;
  switch (bodyError?.type) {
    case 'entity.parse.failed':
      return new ValidationError('The request body is not valid JSON', [], 'INVALID_JSON');
    case 'entity.too.large':
      return new PayloadTooLargeError(`The request body is larger than ${bodyError.limit} bytes`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ValidationError(bodyError.message, [], 'UNSUPPORTED_ENCODING');
  }
  return null;
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`No route for ${req.method} ${req.path}`, 'ROUTE_NOT_FOUND'));
};
