import type { ApiRouter } from '../../http/api-router';
import type { Clock } from '../../shared/clock';
import { anyStaff } from '../auth';
import { metricsQuerySchema } from './metrics.schemas';
import { reportFormats, reportRows, writeReport } from './metrics-report';
import type { MetricsService } from './metrics.service';

export function registerMetricsRoutes(router: ApiRouter, deps: { metrics: MetricsService; clock: Clock }): void {
  router.add({
    method: 'get',
    path: '/metrics',
    access: { roles: anyStaff },
    schemas: { query: metricsQuerySchema },
    summary: 'SPEC section 8 figures for a window, optionally one department, line or channel, with the department league table',
    handle: async ({ res, principal, query }) => {
      const now = deps.clock.now();
      res.json(await deps.metrics.snapshot(deps.metrics.scope(principal, query, now), now));
    },
  });

  // A month's or a year's report (window=month|year, or from..to) in the published table's shape.
  for (const format of reportFormats) {
    router.add({
      method: 'get',
      path: `/reports/summary.${format}`,
      access: { roles: anyStaff },
      schemas: { query: metricsQuerySchema },
      summary: `The period's report as ${format.toUpperCase()}: calls, answered on the spot, web and app, dispatched, resolved, on-time rate, satisfaction (SPEC section 2)`,
      handle: async ({ res, principal, query }) => {
        const now = deps.clock.now();
        const snapshot = await deps.metrics.snapshot(deps.metrics.scope(principal, query, now), now);
        if (format === 'json') {
          res.json({ window: snapshot.window, filters: snapshot.filters, rows: reportRows(snapshot) });
          return;
        }
        res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        res.setHeader('Content-Disposition', `attachment; filename="report-${snapshot.window.from}-${snapshot.window.to}.${format}"`);
        await writeReport(snapshot, format, res);
      },
    });
  }
}
