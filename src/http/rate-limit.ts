import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import { RedisStore } from 'rate-limit-redis';
import { TooManyRequestsError } from '../shared/errors';

const refuse: RequestHandler = (_req, _res, next) => next(new TooManyRequestsError());

/**
 * A per-address limit for public routes (the web form, survey links). The store is in-process:
 * with several web processes each allows the limit, which is still a bound.
 */
export function perMinuteLimit(limit: number): RequestHandler {
  return rateLimit({ windowMs: 60_000, limit, standardHeaders: 'draft-8', legacyHeaders: false, handler: refuse });
}

/**
 * Counters kept in Redis, so every web process counts the same attempts. When Redis is down the
 * limit is not enforced (logged by the store's error) rather than refusing every sign-in; a script
 * that could not be loaded is answered with its known SHA-1, and Redis's NOSCRIPT makes the store
 * load it once Redis is back.
 */
function sharedStore(redis: Redis, prefix: string): RedisStore {
  return new RedisStore({
    prefix,
    sendCommand: async (command: string, ...args: string[]) => {
      try {
        return (await redis.call(command, ...args)) as string | number;
      } catch (err) {
        if (command.toUpperCase() === 'SCRIPT' && args[0]?.toUpperCase() === 'LOAD') return createHash('sha1').update(args[1]).digest('hex');
        throw err;
      }
    },
  });
}

export interface LoginLimits {
  /** Failed sign-ins per client address per minute. */
  perAddressPerMinute: number;
  /** Failed sign-ins per username per 15 minutes, from any address. */
  perAccountPer15Minutes: number;
}

/**
 * Two limits on sign-in, counting failures only: a successful sign-in costs nothing, so a whole
 * shift signing in through one office NAT address is never stopped; guessing one account's
 * password from many addresses is stopped by the per-account limit, and guessing many accounts'
 * from one address by the per-address limit.
 */
export function loginLimits(redis: Redis, keyPrefix: string, limits: LoginLimits): RequestHandler[] {
  const common = { standardHeaders: 'draft-8', legacyHeaders: false, skipSuccessfulRequests: true, passOnStoreError: true, handler: refuse } as const;
  return [
    rateLimit({ ...common, windowMs: 60_000, limit: limits.perAddressPerMinute, store: sharedStore(redis, `${keyPrefix}:rl:login-address:`) }),
    rateLimit({
      ...common,
      windowMs: 15 * 60_000,
      limit: limits.perAccountPer15Minutes,
      store: sharedStore(redis, `${keyPrefix}:rl:login-account:`),
      keyGenerator: (req) => {
        const username = (req.body as { username?: unknown } | undefined)?.username;
        return typeof username === 'string' ? username.trim().toLowerCase().slice(0, 100) : `(none)`;
      },
    }),
  ];
}
