import express, { type Express } from 'express';
import helmet from 'helmet';
import path from 'node:path';
import type { Container } from './container';
import { ApiRouter } from './http/api-router';
import { authenticate } from './http/authenticate';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { registerHealthRoutes } from './http/health.routes';
import { perMinuteLimit } from './http/rate-limit';
import { requireJson } from './http/require-json';
import { registerAuthRoutes } from './modules/auth';
import { registerCategoryRoutes } from './modules/categories';
import { registerDepartmentRoutes } from './modules/departments';
import { registerKbRoutes } from './modules/kb';
import { createOpen311Router } from './modules/open311';
import { createTicketListRepository, registerTicketListRoutes, registerTicketRoutes } from './modules/tickets';

export const BODY_LIMIT = '64kb';
const publicDir = path.join(__dirname, '..', '..', 'public');

export interface AppHandle {
  app: Express;
  /** Every route of /api/v1 with its declared access, for the OpenAPI document and the tests. */
  api: ApiRouter;
}

/** The Express app. It never listens: server.ts does, and tests call it in-process. */
export function createApp(c: Container): AppHandle {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(helmet());

  const api = new ApiRouter();
  const publicLimit = perMinuteLimit(c.config.rateLimits.publicPerMinute);
  registerHealthRoutes(api, c);
  registerAuthRoutes(api, c.auth, perMinuteLimit(c.config.rateLimits.loginPerMinute));
  registerDepartmentRoutes(api, c.directory);
  registerCategoryRoutes(api, c.catalog, c.directory);
  registerKbRoutes(api, c.kb);
  registerTicketRoutes(api, { tickets: c.tickets, engine: c.engine, directory: c.directory, catalog: c.catalog, sla: c.sla, clock: c.clock, publicLimit });
  registerTicketListRoutes(api, { list: createTicketListRepository(c.db), directory: c.directory, catalog: c.catalog, sla: c.sla, clock: c.clock });

  const health = api.build();
  app.get(['/healthz', '/readyz'], health);
  app.use('/api/v1', requireJson, express.json({ limit: BODY_LIMIT }), authenticate(c.auth), api.build());
  app.use('/open311/v2', createOpen311Router(c));
  app.use('/api', notFoundHandler);
  app.use(express.static(publicDir, { extensions: ['html'] }));
  app.use(notFoundHandler);
  app.use(errorHandler(c.logger));
  return { app, api };
}
