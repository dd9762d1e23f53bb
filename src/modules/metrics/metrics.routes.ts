import type { ApiRouter } from '../../http/api-router';
import type { Clock } from '../../shared/clock';
import { anyStaff } from '../../shared/principal';
import { dailySeriesSchema, MAX_SERIES_DAYS, metricsDailyQuerySchema, metricsQuerySchema, metricsSnapshotSchema, reportSchema } from './metrics.schemas';
import { reportFormats, reportOf, writeReport } from './metrics-report';
import type { MetricsService } from './metrics.service';

export function registerMetricsRoutes(router: ApiRouter, deps: { metrics: MetricsService; clock: Clock }): void {
  router.add({
    method: 'get',
    path: '/metrics',
    access: { roles: anyStaff },
    schemas: { query: metricsQuerySchema },
    response: metricsSnapshotSchema,
    summary: 'SPEC section 8 figures for a window, optionally one department, line or channel, with the department league table and how it is ranked',
    handle: async ({ res, principal, query }) => {
      const now = deps.clock.now();
      res.json(await deps.metrics.snapshot(deps.metrics.scope(principal, query, now), now));
    },
  });

  router.add({
    method: 'get',
    path: '/metrics/daily',
    access: { roles: anyStaff },
    schemas: { query: metricsDailyQuerySchema },
    response: dailySeriesSchema,
    summary: `The window's trend, one point per day (intake, dispatched, replied on time, satisfaction), from the same aggregates and formulas as GET /metrics; at most ${MAX_SERIES_DAYS} days`,
    handle: async ({ res, principal, query }) => {
      const now = deps.clock.now();
      res.json(await deps.metrics.daily(deps.metrics.scope(principal, query, now), now));
    },
  });

  // A month's or a year's report (window=month|year, or from..to) in the published table's shape.
  for (const format of reportFormats) {
    router.add({
      method: 'get',
      path: `/reports/summary.${format}`,
      access: { roles: anyStaff },
      schemas: { query: metricsQuerySchema },
      ...(format === 'json' && { response: reportSchema }),
      summary: `The period's report as ${format.toUpperCase()}: calls, answered on the spot, web and app, dispatched, resolved, on-time rate, satisfaction (SPEC section 2)`,
      handle: async ({ res, principal, query }) => {
        const now = deps.clock.now();
        const snapshot = await deps.metrics.snapshot(deps.metrics.scope(principal, query, now), now);
        if (format === 'json') {
          res.json(reportOf(snapshot));
          return;
        }
        res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        res.setHeader('Content-Disposition', `attachment; filename="report-${snapshot.window.from}-${snapshot.window.to}.${format}"`);
        await writeReport(snapshot, format, res);
      },
    });
  }
}
