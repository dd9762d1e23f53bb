import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import type { Redis } from 'ioredis';
import type { Db } from '../../db/knex';
import { RETRY_AFTER_SECONDS } from '../../http/known-errors';
import { loggablePath } from '../../http/loggable-path';
import { refuseNul, rejectNulCharacters } from '../../http/reject-nul';
import { parseRequest } from '../../http/request-input';
import { publicPerMinuteLimit } from '../../http/rate-limit';
import type { Clock } from '../../shared/clock';
import { NotFoundError, ValidationError } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import type { AuthService } from '../auth';
import type { CategoryCatalog } from '../categories';
import type { DepartmentDirectory } from '../departments';
import type { TicketsService } from '../tickets';
import { open311Problems } from './open311.errors';
import { sendOpen311, sendOpen311Errors } from './open311.format';
import { createOpen311Repository } from './open311.repository';
import { listRequestsQuerySchema, postRequestSchema, splitFormat, type Format } from './open311.schemas';
import { createOpen311Service } from './open311.service';
import { ATTRIBUTES_CHANGESET } from './service-attributes';
import { serviceDefinition, serviceList } from './service-list';

/** The parts of the container the Open311 endpoints use (the Container itself fits). */
export interface Open311RouterDeps {
  tickets: TicketsService;
  auth: AuthService;
  catalog: CategoryCatalog;
  directory: DepartmentDirectory;
  db: Db;
  clock: Clock;
  logger: Logger;
  redis: Redis;
  config: { rateLimits: { publicPerMinute: number }; publicBaseUrl: string; queuePrefix: string };
}

type Handle = (req: Request, res: Response, format: Format) => Promise<void> | void;

/**
 * A handler for `<name>.<format>`: passes on other names (to the next route or the final 404) and
 * answers 404 for a format other than xml or json. The format is noted first, so that even an
 * error answers in it.
 */
function resource(name: string, handle: Handle): RequestHandler {
  return async (req, res, next) => {
    const file = splitFormat(String(req.params.file));
    if (file.name !== name) return next();
    if (!file.format) throw new NotFoundError(`Unknown format for ${name}: use ${name}.xml or ${name}.json`);
    res.locals.open311Format = file.format;
    await handle(req, res, file.format);
  };
}

/** An item under a collection, `<collection>/<id>.<format>`; the id is handed to the handler. */
function item(handle: (id: string, req: Request, res: Response, format: Format) => Promise<void> | void): RequestHandler {
  return async (req, res) => {
    const file = splitFormat(String(req.params.file));
    if (!file.format) throw new NotFoundError('Unknown format: use .xml or .json');
    res.locals.open311Format = file.format;
    await handle(file.name, req, res, file.format);
  };
}

/** GeoReport v2 (http://wiki.open311.org/GeoReport_v2), mounted at /open311/v2. */
export function createOpen311Router(deps: Open311RouterDeps): Router {
  const open311 = createOpen311Service({ ...deps, repo: createOpen311Repository(deps.db) });
  const router = Router();
  const publicLimit = publicPerMinuteLimit(deps.redis, deps.config.queuePrefix, 'open311', deps.config.rateLimits.publicPerMinute, deps.logger);
  const form = express.urlencoded({ extended: true, limit: '64kb', parameterLimit: 200 });

  // Reads need no key, as the specification says, and so are limited per address like /public.
  router.use((req, res, next) => (req.method === 'GET' ? publicLimit(req, res, next) : next()));
  router.use(rejectNulCharacters);

  router.get(
    '/:file',
    resource('discovery', (req, res, format) => {
      // From configuration, never the Host header: a forged Host must not steer clients elsewhere.
      const url = `${deps.config.publicBaseUrl}${req.baseUrl}`;
      sendOpen311(res, format, 'discovery', {
        changeset: ATTRIBUTES_CHANGESET,
        contact: 'Shanghai 12345 Citizen Service Hotline (上海市12345市民服务热线): call 12345 for citizen matters; API questions to the hotline centre administrators.',
        key_service: 'API keys for Open311 clients (partner keys for channel app on line 12345) are issued by the 12345 hotline centre administrators on request.',
        endpoints: [
          {
            specification: 'http://wiki.open311.org/GeoReport_v2',
            url,
            changeset: ATTRIBUTES_CHANGESET,
            type: 'production',
            formats: ['text/xml', 'application/json'],
          },
        ],
      });
    }),
    resource('services', (_req, res, format) => sendOpen311(res, format, 'services', serviceList(deps.catalog))),
    resource('requests', async (req, res, format) => {
      const { query } = parseRequest({ query: listRequestsQuerySchema }, req);
      sendOpen311(res, format, 'service_requests', await open311.listRequests(query));
    }),
  );

  router.get(
    '/services/:file',
    item((code, _req, res, format) => sendOpen311(res, format, 'service_definition', serviceDefinition(deps.catalog, code))),
  );
  router.get(
    '/requests/:file',
    item(async (id, _req, res, format) => sendOpen311(res, format, 'service_requests', await open311.getRequest(id))),
  );
  router.get(
    '/tokens/:file',
    item(async (token, _req, res, format) => sendOpen311(res, format, 'service_requests', await open311.requestForToken(token))),
  );

  router.post(
    '/:file',
    resource('requests', async (req, res, format) => {
      const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
      if (hasBody && !req.is('application/x-www-form-urlencoded')) {
        throw new ValidationError('A service request must be sent as application/x-www-form-urlencoded', [], 'UNSUPPORTED_MEDIA_TYPE');
      }
      await new Promise<void>((resolve, reject) => form(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
      const body = (req.body ?? {}) as Record<string, unknown>;
      refuseNul(body);
      const apiKey = typeof body.api_key === 'string' ? body.api_key : typeof req.query.api_key === 'string' ? req.query.api_key : undefined;
      const principal = await open311.submitter(apiKey);
      // The form is parsed once the key is known good: 403 for a bad key comes before 400 for the form.
      const input = parseRequest({ body: postRequestSchema }, req).body;
      sendOpen311(res, format, 'service_requests', await open311.submitRequest(principal, input));
    }),
  );

  router.use((req) => {
    throw new NotFoundError(`No Open311 resource ${req.method} ${req.baseUrl}${req.path}`);
  });

  const errors: ErrorRequestHandler = (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const format: Format = res.locals.open311Format ?? splitFormat(req.path.split('/').pop() ?? '').format ?? 'xml';
    const problems = open311Problems(err, deps.logger, { method: req.method, path: loggablePath(req) });
    if (problems.some((p) => p.code === 503)) res.set('Retry-After', String(RETRY_AFTER_SECONDS));
    sendOpen311Errors(res, format, problems);
  };
  router.use(errors);
  return router;
}
