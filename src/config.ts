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
  /** Connections per process; PostgreSQL's max_connections must cover every process's pool. */
  DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  /**
   * How long an idle connection is kept (the pool's own default is 30 s). A new connection is a new
   * PostgreSQL backend, and a backend's first touch of each cached page is dear on small VMs: a
   * dashboard refreshed every minute read its figures on fresh backends every time
   * (docs/PERFORMANCE.md section 5).
   */
  DB_POOL_IDLE_SECONDS: z.coerce.number().int().min(1).max(3600).default(600),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TOKEN_TTL_HOURS: z.coerce.number().positive().default(12),
  /** Requests per minute per client address on the public (no-login) routes. */
  PUBLIC_RATE_LIMIT: z.coerce.number().int().positive().default(60),
  /** Failed sign-ins per client address per minute, counted across all web processes. */
  LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(60),
  /** Failed sign-ins per username per 15 minutes, from any address. */
  LOGIN_ACCOUNT_LIMIT: z.coerce.number().int().positive().default(10),
  /** A callback survey is due this many working days after the reply (SPEC section 9). */
  SURVEY_DUE_WORKING_DAYS: z.coerce.number().int().min(1).max(10).default(1),
  /** Lifetime of a survey link sent to a citizen. */
  SURVEY_LINK_TTL_HOURS: z.coerce.number().positive().default(72),
  /** Where citizens reach the public pages: survey links sent by SMS start with it. */
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:3000'),
  DEMO_API_KEY_APP: z.string().min(16).optional(),
  DEMO_API_KEY_WEB: z.string().min(16).optional(),
  DEMO_API_KEY_110: z.string().min(16).optional(),
  DEMO_API_KEY_OPEN311: z.string().min(16).optional(),
  /** Outbound partner endpoints applied on every worker start (URL and HMAC secret come in pairs). */
  PARTNER_110_URL: z.url({ protocol: /^https?$/ }).optional(),
  PARTNER_110_SECRET: z.string().min(16).optional(),
  PARTNER_SMS_URL: z.url({ protocol: /^https?$/ }).optional(),
  PARTNER_SMS_SECRET: z.string().min(16).optional(),
  /** How often the cluster's sweep re-drives lost work, and how long a handed-over job may take before it is asked after. */
  SWEEP_EVERY_SECONDS: z.coerce.number().positive().max(3600).default(10),
  REDRIVE_AFTER_SECONDS: z.coerce.number().positive().max(86_400).default(60),
  /** How often each worker process looks for SLA moments (at risk, overdue) that have passed: how late they may be pushed. */
  SLA_WATCH_EVERY_SECONDS: z.coerce.number().positive().max(60).default(1),
  /** How often the cluster closes the surveys of citizens who declined callbacks. */
  SURVEY_PASS_EVERY_SECONDS: z.coerce.number().positive().max(3600).default(5),
  /** How often the cluster folds the metric aggregates' shard rows (and rolls days into months and years). */
  COMPACTION_EVERY_SECONDS: z.coerce.number().positive().max(86_400).default(300),
  /**
   * The routing model's nightly retraining (02:30 Shanghai time, on the wall clock). `off` stops it
   * cluster-wide (a centre reviewing its labels, or the tests, whose runs may cross 02:30);
   * `npm run routing:train` still trains at once.
   */
  ROUTING_RETRAIN: z.enum(['on', 'off']).default('on'),
  /** Tries of a queue job (0.5 s doubling between them) before it fails and waits for the sweep. */
  JOB_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(10),
  /** Key of the phone-number index (HMAC): caller history finds tickets by number without storing a plain hash. */
  PHONE_INDEX_SECRET: z.string().min(16).optional(),
  /** Hours between two unanswered callback attempts to one citizen (SPEC section 9's 3 tries are spread out). */
  SURVEY_ATTEMPT_SPACING_HOURS: z.coerce.number().min(0).max(72).default(2),
  /** Callbacks only in these Shanghai hours: from the first (inclusive) to the second (exclusive). */
  SURVEY_CALL_HOURS: z
    .string()
    .regex(/^\d{1,2}-\d{1,2}$/, 'must be two hours such as 8-21')
    .default('8-21')
    .transform((s) => s.split('-').map(Number) as [number, number])
    .refine(([from, to]) => from < to && to <= 24, 'must be from-to with from < to ≤ 24'),
}).superRefine((e, ctx) => {
  for (const [url, secret] of [['PARTNER_110_URL', 'PARTNER_110_SECRET'], ['PARTNER_SMS_URL', 'PARTNER_SMS_SECRET']] as const) {
    if (e[url] && !e[secret]) ctx.addIssue({ code: 'custom', path: [secret], message: `required when ${url} is set` });
    if (!e[url] && e[secret]) ctx.addIssue({ code: 'custom', path: [url], message: `required when ${secret} is set` });
  }
  if (e.NODE_ENV === 'production' && !e.PHONE_INDEX_SECRET) ctx.addIssue({ code: 'custom', path: ['PHONE_INDEX_SECRET'], message: 'required in production (at least 16 characters)' });
});

/** Outside production a fixed key serves: the demo data is not secret, and a restart keeps the index valid. */
const DEVELOPMENT_PHONE_INDEX_SECRET = 'development-only-phone-index-key';

export interface Config {
  env: 'development' | 'test' | 'production';
  port: number;
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  /** Where the public reaches this installation (PUBLIC_BASE_URL, no trailing slash): survey links, Open311 discovery. */
  publicBaseUrl: string;
  demoPassword: string;
  logLevel: string;
  dbPoolMax: number;
  dbPoolIdleSeconds: number;
  tokenTtlHours: number;
  rateLimits: { publicPerMinute: number; loginPerMinute: number; loginPerAccountPer15Minutes: number };
  surveys: { dueWorkingDays: number; linkTtlHours: number; publicBaseUrl: string; attemptSpacingHours: number; callHours: [from: number, to: number] };
  phoneIndexSecret: string;
  demoApiKeys: Partial<Record<PartnerName, string>>;
  /** Partner endpoints given in the environment; none by default (admins configure them). */
  partnerEndpoints: { name: string; url: string; secret: string }[];
  sweep: { everyMs: number; redriveAfterMs: number };
  /** Intervals of the other periodic passes (each one job scheduler for the whole cluster). */
  periodic: { surveyPassEveryMs: number; metricCompactionEveryMs: number };
  slaWatchEveryMs: number;
  /** The routing model is retrained nightly (ROUTING_RETRAIN). */
  routingRetrain: boolean;
  jobAttempts: number;
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
    publicBaseUrl: e.PUBLIC_BASE_URL.replace(/\/+$/, ''),
    demoPassword: e.DEMO_PASSWORD,
    logLevel: e.LOG_LEVEL,
    dbPoolMax: e.DB_POOL_MAX,
    dbPoolIdleSeconds: e.DB_POOL_IDLE_SECONDS,
    tokenTtlHours: e.TOKEN_TTL_HOURS,
    rateLimits: { publicPerMinute: e.PUBLIC_RATE_LIMIT, loginPerMinute: e.LOGIN_RATE_LIMIT, loginPerAccountPer15Minutes: e.LOGIN_ACCOUNT_LIMIT },
    surveys: { dueWorkingDays: e.SURVEY_DUE_WORKING_DAYS, linkTtlHours: e.SURVEY_LINK_TTL_HOURS, publicBaseUrl: e.PUBLIC_BASE_URL.replace(/\/+$/, ''),
      attemptSpacingHours: e.SURVEY_ATTEMPT_SPACING_HOURS,
      callHours: e.SURVEY_CALL_HOURS,
    },
    phoneIndexSecret: e.PHONE_INDEX_SECRET ?? DEVELOPMENT_PHONE_INDEX_SECRET,
    demoApiKeys: {
      app: e.DEMO_API_KEY_APP,
      web: e.DEMO_API_KEY_WEB,
      '110': e.DEMO_API_KEY_110,
      open311: e.DEMO_API_KEY_OPEN311,
    },
    sweep: { everyMs: e.SWEEP_EVERY_SECONDS * 1000, redriveAfterMs: e.REDRIVE_AFTER_SECONDS * 1000 },
    periodic: { surveyPassEveryMs: e.SURVEY_PASS_EVERY_SECONDS * 1000, metricCompactionEveryMs: e.COMPACTION_EVERY_SECONDS * 1000 },
    slaWatchEveryMs: e.SLA_WATCH_EVERY_SECONDS * 1000,
    routingRetrain: e.ROUTING_RETRAIN === 'on',
    jobAttempts: e.JOB_ATTEMPTS,
    partnerEndpoints: [
      ...(e.PARTNER_110_URL && e.PARTNER_110_SECRET ? [{ name: '110', url: e.PARTNER_110_URL, secret: e.PARTNER_110_SECRET }] : []),
      ...(e.PARTNER_SMS_URL && e.PARTNER_SMS_SECRET ? [{ name: 'sms', url: e.PARTNER_SMS_URL, secret: e.PARTNER_SMS_SECRET }] : []),
    ],
  };
}

export { partnerNames };
