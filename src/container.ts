import type { Redis } from 'ioredis';
import type { Config } from './config';
import { createDb, type Db } from './db/knex';
import { createTransact } from './db/transaction';
import { createAdmin, type Admin } from './modules/admin';
import { createAuthRepository, createAuthService, type AuthService } from './modules/auth';
import { CategoryCatalog, createCategoriesRepository } from './modules/categories';
import { DepartmentDirectory, createDepartmentsRepository } from './modules/departments';
import { createKbRepository, type KbRepository } from './modules/kb';
import { createMetricsCompaction, createMetricsObserver, createMetricsRepository, createMetricsService, type MetricCompaction, type MetricsService } from './modules/metrics';
import {
  createRoutingLearning,
  createRoutingLearningRepository,
  createRoutingRulesRepository,
  createRoutingService,
  screenForEmergency,
  type RoutingLearning,
  type RoutingRulesRepository,
  type RoutingService,
} from './modules/routing';
import { createOutboxPublisher, createOutboxRepository, type OutboxPublisher } from './modules/outbox';
import { createPartners, type Partners } from './modules/partners';
import {
  createSlaRepository,
  createSlaService,
  createSlaTimers,
  createSlaTimersRepository,
  slaFlags,
  type SlaService,
  type SlaTimers,
} from './modules/sla';
import {
  createActionEngine,
  createTicketsRepository,
  createTicketsService,
  createTicketIntake,
  createPhoneKey,
  type ActionEngine,
  type PhoneKey,
  type SlaFlagSource,
  type TicketChangeObserver,
  type TicketsService,
} from './modules/tickets';
import { createSurveyObserver, createSurveysRepository, createSurveysService, type SurveysService } from './modules/surveys';
import { createProducerConnection } from './queues/connection';
import { createLivePublisher, type LivePublisher } from './realtime';
import { Queues } from './queues/queues';
import { createChangeBus, type ChangeBus } from './shared/change-bus';
import { systemClock, type Clock } from './shared/clock';
import { DomainEvents } from './shared/domain-events';
import { createLogger, type Logger } from './shared/logger';

/** Everything a process needs, wired once (the composition root). Tests build one with their own config. */
export interface Container {
  config: Config;
  logger: Logger;
  clock: Clock;
  db: Db;
  redis: Redis;
  queues: Queues;
  events: DomainEvents;
  /** Revocations and reference-data edits, to every process. */
  bus: ChangeBus;
  directory: DepartmentDirectory;
  catalog: CategoryCatalog;
  sla: SlaFlagSource;
  phoneKey: PhoneKey;
  auth: AuthService;
  admin: Admin;
  kb: KbRepository;
  publisher: OutboxPublisher;
  tickets: TicketsService;
  engine: ActionEngine;
  slaService: SlaService;
  slaTimers: SlaTimers;
  routing: RoutingService;
  routingRules: RoutingRulesRepository;
  routingLearning: RoutingLearning;
  partners: Partners;
  metrics: MetricsService;
  metricsCompaction: MetricCompaction;
  surveys: SurveysService;
  live: LivePublisher;
  close(): Promise<void>;
}

export async function createContainer(config: Config, overrides: { clock?: Clock; logger?: Logger } = {}): Promise<Container> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const clock = overrides.clock ?? systemClock;
  const db = createDb(config.databaseUrl, { min: 0, max: config.dbPoolMax, idleTimeoutMillis: config.dbPoolIdleSeconds * 1000 });
  const redis = createProducerConnection(config.redisUrl);
  redis.on('error', (err) => logger.debug({ err: err.message }, 'redis connection error'));
  const queues = new Queues(redis, config.queuePrefix, config.jobAttempts);
  const events = new DomainEvents();

  const directory = new DepartmentDirectory(createDepartmentsRepository(db));
  const catalog = new CategoryCatalog(createCategoriesRepository(db));
  await Promise.all([directory.reload(), catalog.reload()]);

  const outbox = createOutboxRepository(db);
  const publisher = createOutboxPublisher({ repo: outbox, queues, clock, logger });
  const bus = await createChangeBus({ publisher: redis, redisUrl: config.redisUrl, prefix: config.queuePrefix, logger });
  const auth = createAuthService({ repo: createAuthRepository(db), clock, tokenTtlHours: config.tokenTtlHours, bus });
  const ticketsRepo = createTicketsRepository(db);
  const transact = createTransact(db);
  // The side effects of every ticket change: filled below, in one ordered list, once every module
  // that reacts exists (partners needs the tickets service, which needs intake, which needs the list).
  const observers: TicketChangeObserver[] = [];
  const intake = createTicketIntake({ repo: ticketsRepo, outbox, publisher, transact, clock, logger, observers });
  const phoneKey = createPhoneKey(config.phoneIndexSecret);
  const tickets = createTicketsService({ repo: ticketsRepo, intake, directory, catalog, clock, screen: screenForEmergency, phoneKey });
  const slaService = createSlaService(createSlaRepository(db));
  const slaTimers = createSlaTimers({ repo: createSlaTimersRepository(db), events, clock });
  const partners = createPartners({ db, transact, outbox, publisher, queues, timeline: tickets, directory, events, clock, logger });
  const metricsRepo = createMetricsRepository(db);
  const metricsRecorder = createMetricsObserver(metricsRepo);
  const surveysRepo = createSurveysRepository(db);
  const live = createLivePublisher({ redis, prefix: config.queuePrefix, events, directory, logger });
  const routingLearning = createRoutingLearning({ repo: createRoutingLearningRepository(db), catalog, directory, clock });
  // Every ticket change runs these in this order: first inside its transaction (inTransaction), then,
  // once it committed, after it (afterCommit). The ticket row is always locked first (the versioned
  // update); one fixed order of the rows the observers then lock means two concurrent changes never
  // wait on each other in opposite orders (a deadlock). Surveys before metrics: survey rows are
  // locked before the aggregate shard rows, which nearly every change touches.
  observers.push(
    partners.observer, // inTransaction: partner deliveries and their outbox messages
    createSurveyObserver(surveysRepo, ticketsRepo), // inTransaction: the survey rows of a reply, a closure, a merge
    metricsRecorder.observer, // inTransaction: the metric aggregates' shard rows
    routingLearning.observer, // inTransaction: a dispatcher's correction becomes a training example
    live.observer, // afterCommit: the live push to the pages
  );
  const engine = createActionEngine({ repo: ticketsRepo, outbox, publisher, transact, directory, catalog, clock, sla: slaService, observers, phoneKey, callbackRules: config.surveys, logger });
  const routingRules = createRoutingRulesRepository(db);
  const routing = createRoutingService({ rules: routingRules, engine, directory, catalog, learning: routingLearning, sla: slaService, logger });
  // An admin's edit reaches intake, routing and the policy of every process without a restart.
  bus.on(async (notice) => {
    if (notice.kind !== 'reference-changed') return;
    await (notice.what === 'departments' ? directory.reload() : catalog.reload());
    routing.invalidate();
  });

  return {
    config,
    logger,
    clock,
    db,
    redis,
    queues,
    events,
    bus,
    directory,
    catalog,
    sla: slaFlags,
    phoneKey,
    auth,
    admin: createAdmin({ db, auth, directory, catalog, bus, clock, passwords: { production: config.env === 'production', demoPassword: config.demoPassword } }),
    kb: createKbRepository(db),
    publisher,
    tickets,
    engine,
    slaService,
    slaTimers,
    routing,
    routingRules,
    routingLearning,
    partners,
    metrics: createMetricsService({ repo: metricsRepo, directory }),
    metricsCompaction: createMetricsCompaction(db, clock),
    surveys: createSurveysService({ repo: surveysRepo, engine, transact, clock, calendar: slaService.calendar, metrics: metricsRecorder, timeline: tickets, events, directory, sms: partners, ...config.surveys }),
    live,
    async close() {
      live.stop();
      await bus.close();
      await queues.close();
      redis.disconnect();
      await db.destroy();
    },
  };
}
