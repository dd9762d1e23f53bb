import type { Redis } from 'ioredis';
import type { Db } from '../db/knex';
import { ServiceUnavailableError } from '../shared/errors';
import type { ApiRouter } from './api-router';

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref())]);

export function registerHealthRoutes(router: ApiRouter, deps: { db: Db; redis: Redis }): void {
  router.add({
    method: 'get',
    path: '/healthz',
    access: { public: true },
    summary: 'Liveness: the process is up',
    handle: async ({ res }) => {
      res.json({ status: 'ok' });
    },
  });

  router.add({
    method: 'get',
    path: '/readyz',
    access: { public: true },
    summary: 'Readiness: the database and Redis answer (503 naming what is down)',
    handle: async ({ res }) => {
      const checks = await Promise.allSettled([withTimeout(deps.db.raw('select 1'), 2000), withTimeout(deps.redis.ping(), 2000)]);
      const down = (['database', 'redis'] as const)
        .map((name, i) => ({ name, result: checks[i] }))
        .filter((c) => c.result.status === 'rejected')
        .map((c) => ({ dependency: c.name, message: ((c.result as PromiseRejectedResult).reason as Error).message }));
      if (down.length) throw new ServiceUnavailableError(`Not ready: ${down.map((d) => d.dependency).join(', ')} down`, down, 'DEPENDENCY_DOWN');
      res.json({ status: 'ready', database: 'up', redis: 'up' });
    },
  });
}
