/**
 * The traffic simulator: a year (or some days) of Shanghai's 12345 calls played through the real
 * HTTP API and the real BullMQ workers, in this process, on a ManualClock that jumps from one
 * moment with something to do to the next (moments are `tickSeconds` apart). Within a moment the
 * actions run concurrently (each on a different ticket); new tickets are routed by the routing
 * worker before the clock moves on. Every action the simulator takes is also counted in `Truth`.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { loadConfig } from '../../src/config';
import { createContainer, type Container } from '../../src/container';
import { autovacuumIsOn } from '../../src/db/server-settings';
import { startWebServer } from '../../src/server';
import { createLogger } from '../../src/shared/logger';
import { startWorkers } from '../../workers';
import { createHttpClient, pool, type HttpClient } from '../lib/http-client';
import { makePartnerKey, makeStaff, type Staff } from '../lib/staff';
import { seededRandom, type Random } from '../lib/stats';
import { Agenda, type Entry } from './agenda';
import { placeCall, type CallPlan } from './calls-plan';
import { acceptAt, callbackAt, replyAt, returnAt, type Clocks } from './departments-behaviour';
import { behaviour, dayOf, dayWeights, shanghaiMidnight, hourly } from './model';
import { keepClientSockets } from './keep-sockets';
import { startPolice110 } from './police-110';
import { SharedClock } from './shared-clock';
import { upkeepTables } from './table-upkeep';
import { Truth } from './truth';
import type { WebThreadData } from './web-thread';

export interface SimulationOptions {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  startDay: string;
  days: number;
  /** Share of the real volume (1 = Shanghai 2016). */
  scale: number;
  /** Simulated seconds per real second at most; 0 = as fast as the machine goes. */
  speed: number;
  seed: number;
  tickSeconds: number;
  concurrency: number;
  /** Commits wait for the disk as in production (default: they do not; see relaxCommits). */
  durable?: boolean;
  /** The web server on the simulator's own thread instead of a thread of its own (to compare). */
  oneThread?: boolean;
  log(line: string): void;
}

export interface SimTicket {
  id: number;
  plan: CallPlan;
  departmentCode: string | null;
  clocks: Clocks | null;
  firstDispatched: boolean;
  returned: boolean;
  dissatisfiedBefore: boolean;
  misses: number;
}

interface Row {
  id: number;
  status: string;
  code: string | null;
  dispatched_at: Date | null;
  accept_due_at: Date | null;
  reply_due_at: Date | null;
  return_due_at: Date | null;
}

const HOUR = 3_600_000;
const REDISPATCH_TO = ['SH-HOUSING', 'SH-GREENERY', 'SH-MARKET', 'SH-TRANSPORT', 'SH-CIVIL', 'SH-WATER'];

export class Simulation {
  readonly truth = new Truth();
  readonly clock: SharedClock;
  readonly agenda = new Agenda();
  readonly rnd: Random;
  private c!: Container;
  private http!: HttpClient;
  private stopWeb!: () => Promise<void>;
  private stopWorkers!: () => Promise<void>;
  private stopPolice!: () => Promise<void>;
  private staff!: { operator: Staff; dispatcher: Staff; supervisor: Staff; app: Record<string, string>; police: Record<string, string> };
  private readonly handlers = new Map<string, Promise<Staff>>();
  private readonly startMs: number;
  readonly endMs: number;
  private readonly tick: number;
  /** The server has autovacuum off: its work on the tables is done between days (table-upkeep.ts). */
  upkeep = false;
  private needsSync: SimTicket[] = [];
  private created: SimTicket[] = [];
  requests = 0;
  failures: string[] = [];
  /**
   * Where the real time went: moments played, their wall time, and the ms spent creating then
   * waiting for routing, acting (alongside the two), and reading the clocks after both; and the ms
   * spent between days doing autovacuum's work when the server does not.
   */
  readonly spent = { moments: 0, wall: 0, create: 0, routing: 0, act: 0, sync: 0, upkeep: 0 };

  constructor(readonly opts: SimulationOptions) {
    this.clock = SharedClock.starting(new Date(shanghaiMidnight(opts.startDay)));
    this.rnd = seededRandom(opts.seed);
    this.startMs = shanghaiMidnight(opts.startDay);
    this.endMs = this.startMs + opts.days * 24 * HOUR;
    this.tick = opts.tickSeconds * 1000;
  }

  async start(): Promise<void> {
    const police = await startPolice110();
    this.stopPolice = police.close;
    const env = {
      NODE_ENV: 'production',
      PHONE_INDEX_SECRET: 'simulator-phone-index-key',
      // The simulated operators call back as the 2016 figures say, not by the centre's calling hours.
      SURVEY_CALL_HOURS: '0-24',
      SURVEY_ATTEMPT_SPACING_HOURS: '0',
      DATABASE_URL: this.opts.databaseUrl,
      REDIS_URL: this.opts.redisUrl,
      QUEUE_PREFIX: this.opts.queuePrefix,
      LOG_LEVEL: 'error',
      PUBLIC_RATE_LIMIT: '100000000',
      LOGIN_RATE_LIMIT: '100000000',
      PARTNER_110_URL: police.url,
      PARTNER_110_SECRET: 'simulator-110-secret-0123456789',
      // The nightly retraining keeps the wall clock, not the simulated one: a run crossing 02:30
      // Shanghai time would retrain at a moment that means nothing in the simulated year.
      ROUTING_RETRAIN: 'off',
    };
    this.c = await createContainer(loadConfig(env), { clock: this.clock, logger: createLogger('error') });
    const web = this.opts.oneThread ? await this.startWebHere() : await this.startWebThread(env);
    const workers = await startWorkers(this.c);
    this.stopWeb = web.stop;
    this.stopWorkers = workers.stop;
    this.upkeep = !(await autovacuumIsOn(this.c.db));
    this.http = createHttpClient(`http://127.0.0.1:${web.port}`, this.opts.concurrency * 2 + 4);
    const db = this.c.db;
    this.staff = {
      operator: await makeStaff(db, 'operator'),
      dispatcher: await makeStaff(db, 'dispatcher'),
      supervisor: await makeStaff(db, 'supervisor'),
      app: (await makePartnerKey(db, 'app')).headers,
      police: (await makePartnerKey(db, '110')).headers,
    };
  }

  private async startWebHere(): Promise<{ port: number; stop: () => Promise<void> }> {
    const web = await startWebServer(this.c, 0);
    keepClientSockets(web.server);
    return { port: (web.server.address() as { port: number }).port, stop: web.stop };
  }

  /** The web server on a thread of its own (web-thread.ts), so that the simulator's process can use two cores. */
  private startWebThread(env: Record<string, string>): Promise<{ port: number; stop: () => Promise<void> }> {
    const data: WebThreadData = { env, clock: this.clock.buffer };
    const thread = new Worker(path.join(__dirname, 'web-thread.js'), { workerData: data });
    const stop = () =>
      new Promise<void>((resolve) => {
        thread.on('message', (m) => m === 'stopped' && void thread.terminate().then(() => resolve()));
        thread.postMessage('stop');
      });
    return new Promise((resolve, reject) => {
      thread.once('error', reject);
      thread.once('message', (m: { port: number }) => resolve({ port: m.port, stop }));
    });
  }

  async stop(): Promise<void> {
    this.http.close();
    await this.stopWorkers();
    await this.stopWeb();
    await this.stopPolice();
    await this.c.close();
  }

  get container(): Container {
    return this.c;
  }

  async supervisorGet<T>(path: string): Promise<T> {
    const res = await this.http.request<T>('GET', path, undefined, this.staff.supervisor.headers);
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** Plays every day; `onDay` hears of each simulated day as it ends. */
  async run(onDay: (day: string, realSeconds: number) => void): Promise<void> {
    const weights = dayWeights(Number(this.opts.startDay.slice(0, 4)));
    const realStart = performance.now();
    let nextDay = 0;
    let currentDay = dayOf(this.startMs);
    for (;;) {
      const head = this.agenda.peek();
      if (nextDay < this.opts.days && (!head || head.at >= this.startMs + nextDay * 24 * HOUR)) {
        this.scheduleDay(this.startMs + nextDay * 24 * HOUR, weights);
        nextDay++;
        continue;
      }
      if (!head || head.at >= this.endMs) break;
      const at = head.at;
      if (dayOf(at) !== currentDay) {
        if (this.upkeep) {
          const started = performance.now();
          await upkeepTables(this.c.db);
          this.spent.upkeep += performance.now() - started;
        }
        onDay(currentDay, (performance.now() - realStart) / 1000);
        currentDay = dayOf(at);
      }
      if (this.opts.speed > 0) {
        const wait = realStart + (at - this.startMs) / this.opts.speed - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      }
      this.clock.set(new Date(at));
      await this.playMoment(this.agenda.takeAll(at));
    }
    onDay(currentDay, (performance.now() - realStart) / 1000);
  }

  /**
   * One moment: the new calls, and the moves on tickets already routed, at once (no action of a
   * moment is on a ticket created in it: what routing decides is scheduled for a later moment);
   * the clock stays until routing has taken the new tickets and the moves' new clocks are read.
   */
  private async playMoment(entries: Entry[]): Promise<void> {
    this.spent.moments++;
    const started = performance.now();
    const since = (from: number) => performance.now() - from;
    const creating = pool(entries.filter((e) => e.kind === 'create'), this.opts.concurrency, (e) => e.run()).then(async () => {
      const created = performance.now();
      this.spent.create += created - started;
      if (this.created.length) await this.afterRouting();
      this.spent.routing += since(created);
    });
    const acting = pool(entries.filter((e) => e.kind === 'act'), this.opts.concurrency, (e) => e.run()).then(() => void (this.spent.act += since(started)));
    await Promise.all([creating, acting]);
    const synced = performance.now();
    if (this.needsSync.length) await this.syncDispatched();
    this.spent.sync += since(synced);
    this.spent.wall += since(started);
  }

  /** The day's calls at their moments: Poisson around the day's share of the year, by hour. */
  private scheduleDay(dayStart: number, weights: Map<string, number>): void {
    const day = dayOf(dayStart);
    const expected = 2_700_000 * (weights.get(day) ?? 1 / 366) * this.opts.scale;
    const calls = this.rnd.poisson(expected);
    const hours = hourly.map((w, h) => [w, h] as const);
    for (let i = 0; i < calls; i++) {
      const at = this.toTick(dayStart + this.rnd.weighted(hours) * HOUR + this.rnd.next() * HOUR, 'floor');
      const plan = placeCall(this.rnd);
      this.agenda.add(at, 'create', () => this.create(plan));
    }
  }

  private toTick(ms: number, mode: 'floor' | 'ceil'): number {
    const t = mode === 'floor' ? Math.floor(ms / this.tick) * this.tick : Math.ceil(ms / this.tick) * this.tick;
    return Math.max(t, this.clock.now().getTime() + this.tick);
  }

  private later(ms: number, run: () => Promise<void>, mode: 'floor' | 'ceil' = 'ceil'): void {
    this.agenda.add(this.toTick(ms, mode), 'act', run);
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  private day(): string {
    return dayOf(this.now());
  }

  private async call<T = Record<string, unknown>>(method: string, path: string, body: unknown, headers: Record<string, string>): Promise<T | null> {
    this.requests++;
    const res = await this.http.request<T>(method, path, body, headers);
    if (res.status >= 200 && res.status < 300) return res.body;
    if (this.failures.length < 20) this.failures.push(`${method} ${path} at ${this.clock.now().toISOString()}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    return null;
  }

  private handler(code: string): Promise<Staff> {
    let h = this.handlers.get(code);
    if (!h) this.handlers.set(code, (h = makeStaff(this.c.db, 'handler', code)));
    return h;
  }

  private async create(plan: CallPlan): Promise<void> {
    const headers = plan.channel === 'app' ? this.staff.app : plan.channel === 'transfer' ? this.staff.police : this.staff.operator.headers;
    const path = plan.channel === 'web' ? '/api/v1/public/tickets' : '/api/v1/tickets';
    const body = await this.call<{ id?: number; ticketNo: string; status: string }>('POST', path, plan.body, plan.channel === 'web' ? {} : headers);
    if (!body) return;
    const id = body.id ?? (await this.c.db('tickets').where({ ticket_no: body.ticketNo }).first('id')).id;
    this.truth.add(this.day(), { calls: 1, answeredOnSpot: body.status === 'answered' ? 1 : 0, webAndApp: plan.channel === 'web' || plan.channel === 'app' ? 1 : 0 });
    if (body.status !== 'answered') this.created.push({ id, plan, departmentCode: null, clocks: null, firstDispatched: false, returned: false, dissatisfiedBefore: false, misses: 0 });
  }

  /** Waits until the routing worker has taken every new ticket, then looks at where each went. */
  private async afterRouting(): Promise<void> {
    const queue = this.c.queues.get('routing');
    for (let i = 0; ; i++) {
      const counts = await queue.getJobCounts('waiting', 'active', 'prioritized');
      if (Object.values(counts).every((n) => n === 0)) break;
      await new Promise((r) => setTimeout(r, i < 20 ? 1 : 5));
    }
    const tickets = this.created;
    this.created = [];
    const rows = await this.rows(tickets.map((t) => t.id));
    for (const t of tickets) {
      const row = rows.get(t.id) as Row;
      if (row.status === 'dispatched') this.dispatchedNow(t, row);
      else if (row.status === 'transferred_110') this.truth.add(this.day(), { transferred110: 1 });
      else if (t.plan.fate === 'invalid') this.later(this.now() + this.rnd.int(1, 5) * 60_000, () => this.cancel(t));
      else if (t.plan.fate === 'emergency') this.later(this.now() + 60_000, () => this.transfer110(t));
      else this.later(this.now() + this.rnd.int(5, 40) * 60_000, () => this.dispatch(t, this.rnd.pick(REDISPATCH_TO)));
    }
  }

  private async rows(ids: number[]): Promise<Map<number, Row>> {
    const rows: Row[] = await this.c.db('tickets as t')
      .leftJoin('departments as d', 'd.id', 't.department_id')
      .whereIn('t.id', ids)
      .select('t.id', 't.status', 'd.code', 't.dispatched_at', 't.accept_due_at', 't.reply_due_at', 't.return_due_at');
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Tickets (re)dispatched in this moment: read their clocks, then the department's next move. */
  private async syncDispatched(): Promise<void> {
    const tickets = this.needsSync;
    this.needsSync = [];
    const rows = await this.rows(tickets.map((t) => t.id));
    for (const t of tickets) this.dispatchedNow(t, rows.get(t.id) as Row);
  }

  private dispatchedNow(t: SimTicket, row: Row): void {
    if (!t.firstDispatched) {
      t.firstDispatched = true;
      this.truth.add(this.day(), { dispatched: 1 });
    }
    t.departmentCode = row.code;
    t.clocks = {
      dispatchedAt: (row.dispatched_at as Date).getTime(),
      acceptDue: (row.accept_due_at as Date).getTime(),
      replyDue: (row.reply_due_at as Date).getTime(),
      returnDue: row.return_due_at?.getTime() ?? null,
    };
    const back = !t.returned && this.rnd.next() < behaviour.returnShare ? returnAt(this.now(), t.clocks, this.rnd) : null;
    if (back !== null) this.later(back, () => this.returnTicket(t));
    else this.later(acceptAt(this.now(), t.plan.urgency, t.clocks, this.rnd), () => this.accept(t), 'floor');
  }

  private async act(t: SimTicket, action: string, body: object, headers: Record<string, string>) {
    return this.call<{ status: string; replyDueAt: string | null }>('POST', `/api/v1/tickets/${t.id}/${action}`, body, headers);
  }

  private async cancel(t: SimTicket): Promise<void> {
    if (await this.act(t, 'cancel', { reason: '无效来电' }, this.staff.operator.headers)) this.truth.add(this.day(), { cancelled: 1 });
  }

  private async transfer110(t: SimTicket): Promise<void> {
    if (await this.act(t, 'transfer-110', { reason: '涉及人身安全，转110处置' }, this.staff.operator.headers)) this.truth.add(this.day(), { transferred110: 1 });
  }

  private async dispatch(t: SimTicket, code: string): Promise<void> {
    if (await this.act(t, 'dispatch', { departmentCode: code }, this.staff.dispatcher.headers)) this.needsSync.push(t);
  }

  private async returnTicket(t: SimTicket): Promise<void> {
    const h = await this.handler(t.departmentCode as string);
    if (!(await this.act(t, 'return', { reason: '不属于本单位职责范围' }, h.headers))) return;
    t.returned = true;
    this.truth.add(this.day(), { returned: 1 });
    const to = REDISPATCH_TO.filter((c) => c !== t.departmentCode);
    this.later(this.now() + this.rnd.int(10, 60) * 60_000, async () => {
      if (!(await this.act(t, 'dispatch', { departmentCode: this.rnd.pick(to) }, this.staff.dispatcher.headers))) return;
      this.needsSync.push(t);
      this.truth.add(this.day(), { redispatched: 1 });
    });
  }

  private async accept(t: SimTicket): Promise<void> {
    const h = await this.handler(t.departmentCode as string);
    if (!(await this.act(t, 'accept', {}, h.headers))) return;
    const extendable = t.plan.urgency === 'normal' && ['help', 'complaint', 'report'].includes(t.plan.type);
    if (extendable && this.rnd.next() < behaviour.extensionShare) this.later(this.now() + this.rnd.int(1, 3) * HOUR, () => this.askExtension(t));
    else this.planReply(t);
  }

  private planReply(t: SimTicket): void {
    const plan = replyAt(this.now(), t.clocks as Clocks, this.rnd);
    const at = this.toTick(plan.at, plan.late ? 'ceil' : 'floor');
    this.agenda.add(at, 'act', () => this.reply(t));
  }

  private async askExtension(t: SimTicket): Promise<void> {
    const h = await this.handler(t.departmentCode as string);
    if (!(await this.act(t, 'extension', { workingDays: this.rnd.int(1, 3), reason: '需要协调多个部门现场处置' }, h.headers))) return this.planReply(t);
    this.later(this.now() + this.rnd.int(30, 120) * 60_000, async () => {
      const approve = this.rnd.next() < behaviour.extensionApproved;
      const res = await this.act(t, 'extension/decision', { approve }, this.staff.supervisor.headers);
      if (res?.replyDueAt) (t.clocks as Clocks).replyDue = Date.parse(res.replyDueAt);
      this.planReply(t);
    });
  }

  private async reply(t: SimTicket): Promise<void> {
    const h = await this.handler(t.departmentCode as string);
    const outcome = this.rnd.weighted(behaviour.outcome);
    if (!(await this.act(t, 'reply', { result: '已联系市民并现场处置完毕', outcome }, h.headers))) return;
    const onTime = this.now() <= (t.clocks as Clocks).replyDue;
    this.truth.add(this.day(), { replied: 1, repliedOnTime: onTime ? 1 : 0, resolved: outcome === 'resolved' ? 1 : 0 });
    if (!onTime) this.later(this.now() + 30 * 60_000, async () => void (await this.act(t, 'urge', { note: '已超期，请尽快办结' }, this.staff.supervisor.headers)));
    // Citizens who declined callbacks are closed by the survey worker; the others are called.
    if (t.plan.callbackConsent) this.later(callbackAt(this.now(), this.rnd), () => this.survey(t));
  }

  private async survey(t: SimTicket): Promise<void> {
    if (this.rnd.next() < behaviour.callbackMissed) {
      if (!(await this.act(t, 'survey', { reached: false }, this.staff.operator.headers))) return;
      if (++t.misses === 3) this.truth.add(this.day(), { unreachable: 1 });
      else this.later(this.now() + this.rnd.int(2, 4) * HOUR, () => this.survey(t));
      return;
    }
    const satisfaction = this.rnd.weighted(behaviour.satisfaction);
    const answers = { contacted: true, resolved: satisfaction === 'dissatisfied' ? 'not' : 'resolved', satisfaction };
    const ok = this.rnd.next() < behaviour.viaSmsLink ? await this.answerByLink(t, answers) : await this.act(t, 'survey', { reached: true, ...answers }, this.staff.operator.headers);
    if (!ok) return;
    t.misses = 0;
    this.truth.add(this.day(), {
      surveyAnswered: 1,
      satisfied: satisfaction === 'satisfied' ? 1 : 0,
      basicallySatisfied: satisfaction === 'basically_satisfied' ? 1 : 0,
      dissatisfied: satisfaction === 'dissatisfied' ? 1 : 0,
    });
    // A first dissatisfaction sends the ticket back to the department (new clocks); a second ends it.
    if (satisfaction === 'dissatisfied' && !t.dissatisfiedBefore) {
      t.dissatisfiedBefore = true;
      this.needsSync.push(t);
    }
  }

  /** The operator texts a link instead of calling; the citizen answers on the survey page. */
  private async answerByLink(t: SimTicket, answers: object): Promise<boolean> {
    const survey = await this.c.db('surveys').where({ ticket_id: t.id }).whereNull('outcome').first('id');
    if (!survey) return false;
    const link = await this.call<{ token: string }>('POST', `/api/v1/surveys/${survey.id}/link`, { send: false }, this.staff.operator.headers);
    if (!link) return false;
    return (await this.call('POST', `/api/v1/public/surveys/${link.token}`, answers, {})) !== null;
  }

  /** After the last moment: let the workers finish what the last moments queued. */
  async settle(): Promise<void> {
    if (this.created.length) await this.afterRouting();
  }
}
