import type { RequestHandler } from 'express';
import { UnsupportedMediaTypeError } from '../shared/errors';

/** A request that carries a body must say it is JSON; anything else is refused before parsing. */
export const requireJson: RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
  if (hasBody && !req.is('application/json')) {
    return next(new UnsupportedMediaTypeError(`Expected Content-Type application/json, got ${req.get('content-type') ?? 'none'}`));
  }
  next();
};
