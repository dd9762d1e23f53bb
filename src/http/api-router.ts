import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { ZodType } from 'zod';
import type { Access, Principal } from '../shared/principal';
import { ForbiddenError, UnauthenticatedError } from '../shared/errors';
import { parseRequest, type RouteInput, type RouteSchemas } from './request-input';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** What a handler gets: the request's declared parts already parsed and typed (never parse them again). */
export interface RouteContext<S extends RouteSchemas = RouteSchemas> extends RouteInput<S> {
  req: Request;
  res: Response;
  principal: Principal;
}

export interface RouteSpec<S extends RouteSchemas = RouteSchemas> {
  method: Method;
  path: string;
  /** Who may call it. Required: a route cannot be registered without one (Ghost's rule). */
  access: Access;
  summary: string;
  /** Runs before the access check, e.g. a rate limit. */
  before?: RequestHandler[];
  /**
   * What the route accepts: the router parses these parts after the access check and hands the
   * handler the results; the OpenAPI document is generated from the very same schemas (every POST
   * and PUT must name its body, every path parameter its schema).
   */
  schemas?: S;
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
  handle(ctx: RouteContext<S>): Promise<void>;
}

/**
 * The only way routes are added to the API. Each declares its access and what it accepts; the router
 * checks the access, then parses the declared input, before the handler runs, and keeps the list of
 * routes for the OpenAPI document and the tests.
 */
export class ApiRouter {
  readonly routes: RouteSpec[] = [];

  add<S extends RouteSchemas = Record<never, never>>(spec: RouteSpec<S>): this {
    const name = `${spec.method.toUpperCase()} ${spec.path}`;
    if (!spec.access) throw new Error(`Route ${name} declares no access`);
    // Every path parameter is parsed by the router, so no handler reads one unchecked.
    const undeclared = [...spec.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]).filter((p) => !spec.schemas?.params?.[p]);
    if (undeclared.length) throw new Error(`Route ${name} declares no schema for path parameter ${undeclared.join(', ')}`);
    this.routes.push(spec as RouteSpec);
    return this;
  }

  build(): Router {
    const router = Router();
    for (const spec of this.routes) {
      router[spec.method](spec.path, ...(spec.before ?? []), (req, res, next) => {
        const principal = (res.locals.principal as Principal | undefined) ?? { kind: 'public' };
        let input: RouteInput<RouteSchemas>;
        try {
          // Who first (401/403), then what (400): a caller without access learns nothing about the input.
          authorize(spec.access, principal);
          input = parseRequest(spec.schemas ?? {}, req);
        } catch (err) {
          return next(err);
        }
        spec.handle({ ...input, req, res, principal }).catch(next);
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
