import express, { type Express } from 'express';
import helmet from 'helmet';
import path from 'node:path';
import type { Container } from './container';
import { ApiRouter } from './http/api-router';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { registerHealthRoutes } from './http/health.routes';
import { apiDocs } from './http/api-docs';
import { loginLimits, publicPerMinuteLimit } from './http/rate-limit';
import { rejectNulCharacters } from './http/reject-nul';
import { requireJson } from './http/require-json';
import { queueDashboard, registerAdminRoutes } from './modules/admin';
import { authenticate, registerAuthRoutes } from './modules/auth';
import { registerCategoryRoutes } from './modules/categories';
import { registerDepartmentRoutes } from './modules/departments';
import { registerKbRoutes } from './modules/kb';
import { registerMetricsRoutes } from './modules/metrics';
import { registerSurveyRoutes } from './modules/surveys';
import { registerPartnerRoutes } from './modules/partners';
import { createOpen311Router } from './modules/open311';
import { registerRoutingRuleRoutes } from './modules/routing';
import { createSlaAdminRepository, registerSlaAdminRoutes, slaSql } from './modules/sla';
import { createTicketListRepository, registerTicketListRoutes, registerTicketRoutes } from './modules/tickets';

export const BODY_LIMIT = '64kb';
// The pages, built by Vite from public/ into dist/public (npm run build).
const pagesDir = path.join(__dirname, '..', 'public');

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
  // No upgrade-insecure-requests: it makes a browser fetch every script and style over HTTPS, so on a
  // centre's plain-HTTP intranet address (anything but localhost) the pages load blank.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));

  const api = new ApiRouter();
  const publicLimit = publicPerMinuteLimit(c.redis, c.config.queuePrefix, 'public', c.config.rateLimits.publicPerMinute, c.logger);
  registerHealthRoutes(api, c);
  registerAuthRoutes(
    api,
    c.auth,
    loginLimits(c.redis, c.config.queuePrefix, { perAddressPerMinute: c.config.rateLimits.loginPerMinute, perAccountPer15Minutes: c.config.rateLimits.loginPerAccountPer15Minutes }),
  );
  registerDepartmentRoutes(api, c.directory);
  registerCategoryRoutes(api, c.catalog, c.directory);
  registerKbRoutes(api, c.kb);
  registerTicketRoutes(api, { tickets: c.tickets, engine: c.engine, directory: c.directory, catalog: c.catalog, sla: c.sla, clock: c.clock, publicLimit });
  registerRoutingRuleRoutes(api, { repo: c.routingRules, routing: c.routing, directory: c.directory, catalog: c.catalog, clock: c.clock });
  registerTicketListRoutes(api, { list: createTicketListRepository(c.db, slaSql), directory: c.directory, catalog: c.catalog, sla: c.sla, clock: c.clock, phoneKey: c.phoneKey });
  registerSlaAdminRoutes(api, { repo: createSlaAdminRepository(c.db), catalog: c.catalog, clock: c.clock });
  registerPartnerRoutes(api, c.partners);
  registerMetricsRoutes(api, { metrics: c.metrics, clock: c.clock });
  registerSurveyRoutes(api, { surveys: c.surveys, publicLimit });
  registerAdminRoutes(api, c.admin);

  const health = api.build();
  app.get(['/healthz', '/readyz'], health);
  app.use('/api/v1', requireJson, express.json({ limit: BODY_LIMIT }), rejectNulCharacters, authenticate(c.auth), api.build());
  app.use('/open311/v2', createOpen311Router(c));
  app.use(queueDashboard({ queues: c.queues, auth: c.auth }));
  app.use(apiDocs(api.routes));
  app.use('/api', notFoundHandler);
  app.use(express.static(pagesDir, { index: false }));
  // Every other page address is the one application's: it shows the page, or its own "not found".
  app.get(/^\/(?!api\/|assets\/|open311\/|socket\.io\/)/, (req, res, next) => (req.accepts('html') ? res.sendFile(path.join(pagesDir, 'index.html')) : next()));
  app.use(notFoundHandler);
  app.use(errorHandler(c.logger));
  return { app, api };
}
