import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { MemoryStore, rateLimit, type IncrementResponse, type Options, type Store } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import { RedisStore } from 'rate-limit-redis';
import { TooManyRequestsError } from '../shared/errors';
import type { Logger } from '../shared/logger';

const refuse: RequestHandler = (_req, _res, next) => next(new TooManyRequestsError());

/**
 * Counters kept in Redis, so every web process counts the same requests. A script that could not be
 * loaded is answered with its known SHA-1, and Redis's NOSCRIPT makes the store load it once Redis
 * is back.
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

/**
 * How long a request waits for Redis to count it. A connection that died without a word (no reset,
 * or in the middle of a command) would otherwise hold the citizen's request until TCP gives up.
 */
const SHARED_COUNT_TIMEOUT_MS = 500;

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * Counts in Redis while it answers and in this process's memory while it does not. The public
 * form must stay open to citizens when Redis is down (the tickets go to PostgreSQL, and the outbox
 * hands them to routing later), so neither a 503 nor an unlimited form: each process then enforces
 * the limit on its own, the bound it had before the counters were shared. The switch is logged once
 * each way.
 */
class SharedOrLocalStore implements Store {
  readonly localKeys = false;
  private readonly local = new MemoryStore();
  private degraded = false;

  constructor(
    private readonly shared: RedisStore,
    private readonly logger: Logger,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.local.init(options);
    // Loads the counting script; a failure shows (and is logged) at the first count.
    this.shared.init(options).catch(() => undefined);
  }

  async increment(key: string): Promise<IncrementResponse> {
    try {
      const counted = await within(SHARED_COUNT_TIMEOUT_MS, this.shared.increment(key));
      if (this.degraded) this.logger.info({ store: this.prefix }, 'rate limit counted in Redis again');
      this.degraded = false;
      return counted;
    } catch (err) {
      if (!this.degraded) this.logger.warn({ store: this.prefix, err: (err as Error).message }, 'rate limit store unreachable: each web process counts on its own until Redis answers');
      this.degraded = true;
      return this.local.increment(key);
    }
  }

  async decrement(key: string): Promise<void> {
    if (this.degraded) return this.local.decrement(key);
    await within(SHARED_COUNT_TIMEOUT_MS, this.shared.decrement(key)).catch(() => undefined);
  }

  async resetKey(key: string): Promise<void> {
    this.local.resetKey(key);
    await within(SHARED_COUNT_TIMEOUT_MS, this.shared.resetKey(key)).catch(() => undefined);
  }

  shutdown(): void {
    this.local.shutdown();
  }
}

/**
 * A per-address limit for public routes (the web form, tracking, survey links, Open311 reads): one
 * budget per address per minute for the whole installation, however many web processes serve it.
 * `name` keeps the budgets of different route groups apart.
 */
export function publicPerMinuteLimit(redis: Redis, keyPrefix: string, name: string, limit: number, logger: Logger): RequestHandler {
  const prefix = `${keyPrefix}:rl:${name}:`;
  return rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: refuse,
    store: new SharedOrLocalStore(sharedStore(redis, prefix), logger, prefix),
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
 * from one address by the per-address limit. When Redis is down sign-in is not limited (the store's
 * error is logged) rather than refused.
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
