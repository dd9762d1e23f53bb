import { z } from 'zod';

/** The only reader of process.env: everything else receives a Config. */
const partnerNames = ['app', 'web', '110', 'open311'] as const;
export type PartnerName = (typeof partnerNames)[number];

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).default('postgres://root@127.0.0.1:5432/hotline'),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
  /** Prefix of every BullMQ key, so that several installations (or the tests) can share one Redis. */
  QUEUE_PREFIX: z.string().min(1).default('hotline'),
  DEMO_PASSWORD: z.string().min(8).default('hotline-demo'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TOKEN_TTL_HOURS: z.coerce.number().positive().default(12),
  /** Requests per minute per client address on login and on the public (no-login) routes. */
  PUBLIC_RATE_LIMIT: z.coerce.number().int().positive().default(60),
  LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(20),
  DEMO_API_KEY_APP: z.string().min(16).optional(),
  DEMO_API_KEY_WEB: z.string().min(16).optional(),
  DEMO_API_KEY_110: z.string().min(16).optional(),
  DEMO_API_KEY_OPEN311: z.string().min(16).optional(),
});

export interface Config {
  env: 'development' | 'test' | 'production';
  port: number;
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  demoPassword: string;
  logLevel: string;
  tokenTtlHours: number;
  rateLimits: { publicPerMinute: number; loginPerMinute: number };
  demoApiKeys: Partial<Record<PartnerName, string>>;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.QUEUE_PREFIX,
    demoPassword: e.DEMO_PASSWORD,
    logLevel: e.LOG_LEVEL,
    tokenTtlHours: e.TOKEN_TTL_HOURS,
    rateLimits: { publicPerMinute: e.PUBLIC_RATE_LIMIT, loginPerMinute: e.LOGIN_RATE_LIMIT },
    demoApiKeys: {
      app: e.DEMO_API_KEY_APP,
      web: e.DEMO_API_KEY_WEB,
      '110': e.DEMO_API_KEY_110,
      open311: e.DEMO_API_KEY_OPEN311,
    },
  };
}

export { partnerNames };
