import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { ZodType } from 'zod';
import type { Access, Principal } from '../shared/principal';
import { ForbiddenError, UnauthenticatedError } from '../shared/errors';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteContext {
  req: Request;
  res: Response;
  principal: Principal;
}

export interface RouteSpec {
  method: Method;
  path: string;
  /** Who may call it. Required: a route cannot be registered without one (Ghost's rule). */
  access: Access;
  summary: string;
  /** Runs before the access check, e.g. a rate limit. */
  before?: RequestHandler[];
  /**
   * The zod schemas the handler parses its input with, named here so the OpenAPI document is
   * generated from the very schemas that validate (every POST and PUT must name its body).
   */
  schemas?: { body?: ZodType; query?: ZodType };
  /** The success status when it is not 200 (e.g. 201 for creations, 204 for no content). */
  successStatus?: number;
  /**
   * The zod schema of the success body (the same schemas the views are typed by), for the OpenAPI
   * document; test/support/response-recorder.ts checks the suite's real responses against it.
   */
  response?: ZodType;
  /**
   * Error statuses of this route beyond those openapi.ts documents for every route of its kind
   * (e.g. 410 for a used survey link), with what each means.
   */
  errors?: Record<number, string>;
  /** Request headers it reads, e.g. Idempotency-Key (documented in OpenAPI). */
  headers?: { name: string; required: boolean; description: string; schema?: ZodType }[];
  handle: (ctx: RouteContext) => Promise<void>;
}

/**
 * The only way routes are added to the API. Each declares its access; the router checks it before
 * the handler runs, and keeps the list of routes for the OpenAPI document and the tests.
 */
export class ApiRouter {
  readonly routes: RouteSpec[] = [];

  add(spec: RouteSpec): this {
    if (!spec.access) throw new Error(`Route ${spec.method.toUpperCase()} ${spec.path} declares no access`);
    this.routes.push(spec);
    return this;
  }

  build(): Router {
    const router = Router();
    for (const spec of this.routes) {
      router[spec.method](spec.path, ...(spec.before ?? []), (req, res, next) => {
        const principal = res.locals.principal as Principal | undefined;
        try {
          authorize(spec.access, principal ?? { kind: 'public' });
        } catch (err) {
          return next(err);
        }
        spec.handle({ req, res, principal: principal ?? { kind: 'public' } }).catch(next);
      });
    }
    return router;
  }
}

export function authorize(access: Access, principal: Principal): void {
  if ('public' in access) return;
  if (principal.kind === 'public' || principal.kind === 'system') throw new UnauthenticatedError();
  if ('partnersOnly' in access) {
    if (principal.kind !== 'api_key') throw new ForbiddenError('Only partner systems may call this');
    return;
  }
  if (principal.kind === 'api_key') {
    if (!access.partners) throw new ForbiddenError('Partner keys may not call this');
    return;
  }
  if (!access.roles.includes(principal.role)) {
    throw new ForbiddenError(`Role ${principal.role} may not call this`);
  }
}
