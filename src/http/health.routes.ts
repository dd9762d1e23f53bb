import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Db } from '../db/knex';
import { ServiceUnavailableError } from '../shared/errors';
import type { ApiRouter } from './api-router';

/** What the probes answer when all is well (a dependency down is a 503 error naming it). */
const livenessSchema = z.object({ status: z.literal('ok') });
const readinessSchema = z.object({ status: z.literal('ready'), database: z.literal('up'), redis: z.literal('up') });

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref())]);

export function registerHealthRoutes(router: ApiRouter, deps: { db: Db; redis: Redis }): void {
  router.add({
    method: 'get',
    path: '/healthz',
    access: { public: true },
    summary: 'Liveness: the process is up',
    response: livenessSchema,
    handle: async ({ res }) => {
      const body: z.infer<typeof livenessSchema> = { status: 'ok' };
      res.json(body);
    },
  });

  router.add({
    method: 'get',
    path: '/readyz',
    access: { public: true },
    summary: 'Readiness: the database and Redis answer (503 naming what is down)',
    response: readinessSchema,
    handle: async ({ res }) => {
      const checks = await Promise.allSettled([withTimeout(deps.db.raw('select 1'), 2000), withTimeout(deps.redis.ping(), 2000)]);
      const down = (['database', 'redis'] as const)
        .map((name, i) => ({ name, result: checks[i] }))
        .filter((c) => c.result.status === 'rejected')
        .map((c) => ({ dependency: c.name, message: ((c.result as PromiseRejectedResult).reason as Error).message }));
      if (down.length) throw new ServiceUnavailableError(`Not ready: ${down.map((d) => d.dependency).join(', ')} down`, down, 'DEPENDENCY_DOWN');
      const body: z.infer<typeof readinessSchema> = { status: 'ready', database: 'up', redis: 'up' };
      res.json(body);
    },
  });
}
