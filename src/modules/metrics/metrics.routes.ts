import type { ApiRouter } from '../../http/api-router';
import { parseInput } from '../../http/validate';
import type { Clock } from '../../shared/clock';
import { anyStaff } from '../auth';
import { metricsQuerySchema } from './metrics.schemas';
import type { MetricsService } from './metrics.service';

export function registerMetricsRoutes(router: ApiRouter, deps: { metrics: MetricsService; clock: Clock }): void {
  router.add({
    method: 'get',
    path: '/metrics',
    access: { roles: anyStaff },
    schemas: { query: metricsQuerySchema },
    summary: 'SPEC section 8 figures for a window, optionally one department, line or channel, with the department league table',
    handle: async ({ req, res, principal }) => {
      const query = parseInput(metricsQuerySchema, req.query, 'query');
      const now = deps.clock.now();
      res.json(await deps.metrics.snapshot(deps.metrics.scope(principal, query, now), now));
    },
  });
}
