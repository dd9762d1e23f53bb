import type { RequestHandler } from 'express';
import type { AuthService } from './auth.service';
import { UnauthenticatedError } from '../../shared/errors';

/**
 * Resolves the caller from `Authorization: Bearer` or `X-Api-Key` into res.locals.principal.
 * Credentials that are present but wrong are a 401 even on public routes: a client with a stale
 * token should learn so rather than be silently treated as anonymous.
 */
export function authenticate(auth: AuthService): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization');
    const apiKey = req.get('x-api-key');
    if (!header && !apiKey) {
      res.locals.principal = { kind: 'public' };
      return next();
    }
    resolve()
      .then((principal) => {
        res.locals.principal = principal;
        next();
      })
      .catch(next);

    async function resolve() {
      if (header) {
        const match = /^Bearer\s+(\S+)$/i.exec(header);
        if (!match) throw new UnauthenticatedError('Authorization header must be "Bearer <token>"', 'MALFORMED_AUTHORIZATION');
        const user = await auth.principalForToken(match[1]);
        if (!user) throw new UnauthenticatedError('The token is invalid, expired or revoked', 'INVALID_TOKEN');
        return user;
      }
      const key = await auth.principalForApiKey(apiKey as string);
      if (!key) throw new UnauthenticatedError('The API key is invalid or revoked', 'INVALID_API_KEY');
      return key;
    }
  };
}
