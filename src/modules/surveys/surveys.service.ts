import type { Tx } from '../../db/knex';
import type { Transact } from '../../db/transaction';
import type { Clock } from '../../shared/clock';
import { AppError, ConflictError, NotFoundError } from '../../shared/errors';
import { type Principal, type SystemPrincipal } from '../../shared/principal';
import { randomSecret, sha256 } from '../auth';
import type { DepartmentDirectory } from '../departments';
import type { MetricsRecorder } from '../metrics';
import type { NewDelivery } from '../partners';
import type { WorkingCalendar } from '../sla';
import { callbackRefusal, type ActionEngine, type CallbackRules } from '../tickets';
import { surveyQuestions, type CorrectionBody, type SurveyBody, type SurveyLinkAnswered, type SurveyLinkView } from './surveys.schemas';
import type { QueueRow, SurveyOutcome, SurveysRepository } from './surveys.repository';
import { surveyView } from './survey-view';
import { createSurveyCorrection, type CorrectionDeps } from './survey-correction';

class GoneError extends AppError {
  readonly status = 410;
}

/** The survey worker, closing surveys of citizens who declined callbacks. */
const surveyWorker: SystemPrincipal = { kind: 'system', name: 'survey-worker' };
/**
 * The citizen answering through the SMS link. The engine lets a public caller see no ticket, so the
 * link acts as this system principal once the token has proven which survey it is for.
 */
const surveyLink: SystemPrincipal = { kind: 'system', name: 'survey-link' };

/** The SMS gateway's partner name (its endpoint is configured like any partner's). */
const SMS_PARTNER = 'sms';

const smsText = (ticketNo: string, url: string, hours: number) =>
  `【12345市民服务热线】您反映的问题（工单号${ticketNo}）已办结，请点击链接评价办理结果：${url} （${hours}小时内有效，仅可提交一次）`;

export interface SurveysDeps {
  repo: SurveysRepository;
  engine: ActionEngine;
  transact: Transact;
  clock: Clock;
  calendar: () => Promise<WorkingCalendar>;
  metrics: Pick<MetricsRecorder, 'recordSurvey' | 'correctSurvey'>;
  timeline: CorrectionDeps['timeline'];
  events: CorrectionDeps['events'];
  directory: DepartmentDirectory;
  sms: {
    enqueue(tx: Tx, d: NewDelivery): Promise<{ id: number }>;
    /** Whether a partner has an active endpoint: without one a message would go dead at once. */
    hasEndpoint(name: string): Promise<boolean>;
    getDelivery(id: number): Promise<{ status: string; last_error: string | null; delivered_at: Date | null } | undefined>;
  };
  dueWorkingDays: number;
  linkTtlHours: number;
  publicBaseUrl: string;
  attemptSpacingHours: number;
  callHours: CallbackRules['callHours'];
}

/**
 * A survey of a ticket's own citizen runs through the ticket's lifecycle; that of a merged ticket's
 * citizen or of an attached caller is recorded on the survey alone.
 */
const ownTicket = (row: QueueRow) => row.ticket_id === row.replied_ticket_id && row.caller_id === null;

export function createSurveysService(deps: SurveysDeps) {
  const { repo, clock } = deps;
  const correction = createSurveyCorrection(deps);
  const concurrent = () => new ConflictError('CONCURRENT_UPDATE', 'Someone else recorded this survey at the same moment; reload and try again');

  async function views(rows: QueueRow[]) {
    const calendar = await deps.calendar();
    const now = clock.now();
    return rows.map((r) => surveyView(r, calendar.addWorkingDays(r.replied_at, deps.dueWorkingDays), now));
  }

  async function openRow(id: number): Promise<QueueRow> {
    const row = await repo.findQueueRow(id);
    if (!row) throw new NotFoundError('No such survey', 'SURVEY_NOT_FOUND');
    if (row.outcome) throw new ConflictError('SURVEY_CLOSED', `This survey has ended (${row.outcome})`);
    return row;
  }

  /**
   * The citizen of a merged ticket, or a caller attached to the ticket: the ticket follows its own
   * citizen's survey (or its parent), so the answer is recorded on the survey alone, by the same rules as the survey action (3 unanswered calls → unreachable; no
   * callbacks without consent), except that dissatisfaction goes straight to the supervisors' list:
   * the parent's own citizen decides whether it is reopened.
   */
  async function recordMerged(principal: Principal, row: QueueRow, body: SurveyBody): Promise<void> {
    if (!row.callback_consent && (principal.kind !== 'system' || body.reached)) {
      throw new ConflictError('NO_CALLBACK_CONSENT', 'The citizen declined callbacks: this survey is closed without a call');
    }
    const now = clock.now();
    if (principal.kind === 'user') {
      const refusal = callbackRefusal(now, row.last_attempt_at, body.reached, deps);
      if (refusal) throw refusal;
    }
    const attempt = row.callback_consent && !body.reached ? row.attempts + 1 : 0;
    await deps.transact(async (tx) => {
      if (attempt > 0 && attempt < 3) {
        if (!(await repo.recordAttempt(tx, row.id, now, row.attempts))) throw concurrent();
        return;
      }
      const outcome: SurveyOutcome = !row.callback_consent ? 'no_consent' : attempt >= 3 ? 'unreachable' : (body.satisfaction as SurveyOutcome);
      const { contacted, resolved, comment } = body;
      const done = await repo.complete(tx, row.id, { outcome, at: now, escalated: outcome === 'dissatisfied', contacted, resolved, comment });
      if (!done) throw concurrent();
      const facts = { ...body, noCallbackConsent: outcome === 'no_consent', unreachable: outcome === 'unreachable' };
      await deps.metrics.recordSurvey(tx, { ticketId: row.ticket_id, at: now, departmentId: row.department_id, line: row.line, channel: row.channel, facts });
    });
  }

  async function record(principal: Principal, row: QueueRow, body: SurveyBody): Promise<void> {
    if (ownTicket(row)) await deps.engine.perform(principal, row.ticket_id, 'survey', body);
    else await recordMerged(principal, row, body);
  }

  /** The link's state, checked before anything is recorded: unknown 404, used or expired 410. */
  async function linkRow(token: string): Promise<QueueRow> {
    const row = await repo.findByTokenHash(sha256(token));
    if (!row) throw new NotFoundError('No such survey link', 'SURVEY_LINK_NOT_FOUND');
    if (row.token_used_at || row.outcome) throw new GoneError('SURVEY_LINK_USED', 'This survey has been answered already');
    if ((row.token_expires_at as Date) <= clock.now()) throw new GoneError('SURVEY_LINK_EXPIRED', 'This survey link has expired');
    return row;
  }

  return {
    /** The operators' callback queue: open surveys of consenting citizens, oldest due first. */
    async due(limit: number, cursor?: number) {
      const [rows, total] = await Promise.all([repo.due(limit + 1, cursor), repo.dueCount()]);
      const page = rows.slice(0, limit);
      return { items: await views(page), total, nextCursor: rows.length > limit ? String(page[page.length - 1].id) : null };
    },

    /** Second dissatisfactions, and dissatisfied citizens of merged tickets: for a supervisor. */
    async escalated(limit: number) {
      const [rows, total] = await Promise.all([repo.escalated(limit), repo.escalatedCount()]);
      return { items: await views(rows), total };
    },

    /** The surveys of one ticket, newest first: its own citizen's (one per reply) and its attached callers'. */
    async forTicket(ticketId: number, limit: number, cursor?: number) {
      const [rows, total] = await Promise.all([repo.forTicket(ticketId, limit + 1, cursor), repo.countForTicket(ticketId)]);
      const page = rows.slice(0, limit);
      return { items: await views(page), total, nextCursor: rows.length > limit ? String(page[page.length - 1].id) : null };
    },

    /** A supervisor's correction of a recorded result, with the reason (survey-correction.ts). */
    async correct(principal: Principal, id: number, body: CorrectionBody) {
      await correction.correct(principal, id, body);
      return this.get(id);
    },

    async get(id: number) {
      const row = await repo.findQueueRow(id);
      if (!row) throw new NotFoundError('No such survey', 'SURVEY_NOT_FOUND');
      const delivery = row.sms_delivery_id === null ? undefined : await deps.sms.getDelivery(row.sms_delivery_id);
      // `delivered` only once the gateway acknowledged; `dead` with the reason it gave up.
      const sms = delivery ? { deliveryId: row.sms_delivery_id, status: delivery.status, error: delivery.last_error, deliveredAt: delivery.delivered_at?.toISOString() ?? null } : null;
      return { ...(await views([row]))[0], sms };
    },

    /** An operator records one call: an unanswered attempt, or the citizen's answers. */
    async recordCall(principal: Principal, id: number, body: SurveyBody) {
      await record(principal, await openRow(id), body);
      return this.get(id);
    },

    /**
     * A new single-use link for the citizen, replacing any earlier one, texted to the citizen through
     * the SMS partner (a delivery written in the same transaction as the token, retried until the
     * gateway acknowledges it). Only the token's hash is kept with the survey, like login tokens, so
     * a copy of the surveys table cannot answer surveys; the token itself is shown to the operator
     * only when it is not texted (`send: false`, or no phone number), to be passed on by other means.
     */
    async issueLink(id: number, opts: { send: boolean }) {
      const row = await openRow(id);
      if (!row.callback_consent) throw new ConflictError('NO_CALLBACK_CONSENT', 'The citizen declined callbacks: no survey link is sent');
      const token = randomSecret('sv_');
      const expiresAt = new Date(clock.now().getTime() + deps.linkTtlHours * 3_600_000);
      const url = `${deps.publicBaseUrl}/survey/${token}`;
      // Why no SMS goes out, if none does: the page tells the operator, who passes the link on by hand.
      const notSent = !opts.send ? null : row.citizen_phone === null ? 'NO_PHONE' : (await deps.sms.hasEndpoint(SMS_PARTNER)) ? null : 'NO_SMS_GATEWAY';
      const text = opts.send && notSent === null;
      const deliveryId = await deps.transact(async (tx) => {
        if (!(await repo.setToken(tx, id, sha256(token), expiresAt))) throw new ConflictError('SURVEY_CLOSED', 'This survey has ended');
        if (!text) return null;
        const payload = { kind: 'survey-link', phone: row.citizen_phone, ticketNo: row.ticket_no, url, expiresAt: expiresAt.toISOString(), text: smsText(row.ticket_no, url, deps.linkTtlHours) };
        const delivery = await deps.sms.enqueue(tx, { partner: SMS_PARTNER, ticket_id: row.ticket_id, kind: 'sms', payload });
        await repo.setSmsDelivery(tx, id, delivery.id);
        return delivery.id;
      });
      // Queued is not sent: `sms.status` stays `pending` until the gateway acknowledges (GET /surveys/{id}).
      const sms = deliveryId === null ? (notSent ? { status: 'not_sent' as const, reason: notSent } : null) : { deliveryId, status: 'pending' as const };
      return { expiresAt: expiresAt.toISOString(), sms, ...(!text && { token, url }) };
    },

    /** What the survey page shows: the ticket number and the questions, nothing personal. */
    async linkView(token: string): Promise<SurveyLinkView> {
      const row = await linkRow(token);
      const department = row.department_id === null ? null : (deps.directory.get(row.department_id)?.name ?? null);
      return {
        ticketNo: row.ticket_no,
        type: row.type,
        department,
        // What the citizen asked (their own words; an attached caller sees the title only, the
        // description being another citizen's) and what the department answered.
        request: { title: row.title, description: row.caller_id === null ? row.description : null },
        reply: { result: row.reply_result, outcome: row.reply_outcome },
        repliedAt: row.replied_at.toISOString(),
        expiresAt: (row.token_expires_at as Date).toISOString(),
        questions: surveyQuestions,
      };
    },

    async answerByLink(token: string, answers: Omit<SurveyBody, 'reached'>): Promise<SurveyLinkAnswered> {
      const row = await linkRow(token);
      if (!(await repo.claimToken(sha256(token), clock.now()))) {
        // Taken or expired between the two reads: linkRow now says which.
        await linkRow(token);
        throw new GoneError('SURVEY_LINK_USED', 'This survey has been answered already');
      }
      try {
        await record(surveyLink, row, { ...answers, reached: true });
      } catch (err) {
        await repo.releaseToken(row.id);
        // The survey ended some other way meanwhile (an operator's call): the link has nothing to do.
        if (err instanceof ConflictError) throw new GoneError('SURVEY_LINK_USED', 'This survey has been answered already');
        throw err;
      }
      return { ticketNo: row.ticket_no, recorded: true };
    },

    /** One pass of the survey worker: closes open surveys of citizens who declined callbacks. */
    async closeWithoutConsent(limit = 100): Promise<number> {
      let closed = 0;
      for (const row of await repo.withoutConsent(limit)) {
        try {
          await record(surveyWorker, row, { reached: false });
          closed++;
        } catch (err) {
          // Another worker process or a person got there first: nothing left to do for this one.
          if (!(err instanceof ConflictError)) throw err;
        }
      }
      return closed;
    },
  };
}

export type SurveysService = ReturnType<typeof createSurveysService>;
