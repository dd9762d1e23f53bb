import type { Knex } from 'knex';
import type { Db, Tx } from '../../db/knex';

export type SurveyOutcome = 'satisfied' | 'basically_satisfied' | 'dissatisfied' | 'unreachable' | 'no_consent' | 'withdrawn';

export interface SurveyRow {
  id: number;
  ticket_id: number;
  /** A caller attached to the ticket (ticket_callers), or null for the ticket's own citizen. */
  caller_id: number | null;
  sms_delivery_id: number | null;
  replied_ticket_id: number;
  department_id: number | null;
  replied_at: Date;
  attempts: number;
  last_attempt_at: Date | null;
  outcome: SurveyOutcome | null;
  completed_at: Date | null;
  escalated: boolean;
  contacted: boolean | null;
  resolved: string | null;
  comment: string | null;
  token_hash: string | null;
  token_expires_at: Date | null;
  token_used_at: Date | null;
  created_at: Date;
}

/** A survey to open: of a ticket's own citizen, or of a caller attached to it (callerId). */
export interface NewSurvey {
  ticketId: number;
  callerId?: number;
  repliedTicketId: number;
  departmentId: number | null;
  repliedAt: Date;
  now: Date;
}

export interface Completion {
  outcome: SurveyOutcome;
  at: Date;
  escalated?: boolean;
  contacted?: boolean;
  resolved?: string;
  comment?: string;
  departmentId?: number | null;
}

/** A survey row with what the callback queue shows of its ticket (and of the replied one). */
export type QueueRow = SurveyRow & {
  ticket_no: string;
  title: string | null;
  description: string;
  type: string;
  line: string;
  channel: string;
  callback_consent: boolean;
  citizen_name: string | null;
  citizen_anonymous: boolean;
  citizen_phone: string | null;
  replied_ticket_no: string;
  reply_result: string | null;
  reply_outcome: string | null;
};

/** Whether the surveyed citizen agreed to callbacks: an attached caller's own answer, else the ticket's (`k` callers). */
const CONSENT = 'coalesce(k.callback_consent, t.callback_consent)';

/** The callback queue's rows: open surveys of citizens who agreed to callbacks (`s` surveys, `t` tickets, `k` callers). */
const dueSurveys = <Q extends Knex.QueryBuilder>(q: Q): Q => q.whereNull('s.outcome').whereRaw(CONSENT) as Q;

const withCaller = <Q extends Knex.QueryBuilder>(q: Q): Q => q.leftJoin('ticket_callers as k', 'k.id', 's.caller_id') as Q;

export function createSurveysRepository(db: Db) {
  // The surveyed citizen is an attached caller (k) when the survey names one, else the ticket's own.
  const queue = (q: Db | Tx = db) =>
    withCaller(q('surveys as s').join('tickets as t', 't.id', 's.ticket_id'))
      .join('tickets as r', 'r.id', 's.replied_ticket_id')
      .select(
        's.*',
        't.ticket_no',
        't.type',
        't.line',
        't.channel',
        't.title',
        't.description',
        q.raw(`${CONSENT} as callback_consent`),
        q.raw('case when s.caller_id is null then t.citizen_name else k.name end as citizen_name'),
        q.raw('case when s.caller_id is null then t.citizen_anonymous else k.anonymous end as citizen_anonymous'),
        q.raw('case when s.caller_id is null then t.citizen_phone else k.phone end as citizen_phone'),
        'r.ticket_no as replied_ticket_no',
        'r.reply_result',
        'r.reply_outcome',
      );

  const repository = {
    /**
     * Opens these surveys, each unless its citizen (the ticket's own, or the attached caller) already
     * has one open: a statement for the tickets' own citizens and one for attached callers.
     */
    async open(tx: Tx, surveys: NewSurvey[]): Promise<void> {
      for (const [ofCallers, conflict] of [
        [false, '(ticket_id) where outcome is null and caller_id is null'],
        [true, '(caller_id) where outcome is null and caller_id is not null'],
      ] as const) {
        const rows = surveys.filter((s) => (s.callerId !== undefined) === ofCallers);
        if (!rows.length) continue;
        await tx.raw(
          `insert into surveys (ticket_id, caller_id, replied_ticket_id, department_id, replied_at, created_at)
           select * from jsonb_to_recordset(?::jsonb) as v(ticket_id bigint, caller_id bigint, replied_ticket_id bigint, department_id integer, replied_at timestamptz, created_at timestamptz)
           on conflict ${conflict} do nothing`,
          [JSON.stringify(rows.map((s) => ({ ticket_id: s.ticketId, caller_id: s.callerId ?? null, replied_ticket_id: s.repliedTicketId, department_id: s.departmentId, replied_at: s.repliedAt, created_at: s.now })))],
        );
      }
    },

    /** Callers attached to these tickets, who are surveyed on the reply like the tickets' own citizens. */
    async callersOf(tx: Tx, ticketIds: number[]): Promise<{ id: number; ticket_id: number }[]> {
      return ticketIds.length ? tx('ticket_callers').whereIn('ticket_id', ticketIds).orderBy('id').select('id', 'ticket_id') : [];
    },

    ticketState(tx: Tx, ticketId: number): Promise<{ status: string; department_id: number | null; replied_at: Date | null } | undefined> {
      return tx('tickets').where({ id: ticketId }).first('status', 'department_id', 'replied_at');
    },

    /** The open surveys of these tickets' own citizens (not of their attached callers), locked, by ticket. */
    async openForTickets(tx: Tx, ticketIds: number[]): Promise<Map<number, SurveyRow>> {
      const rows: SurveyRow[] = ticketIds.length ? await tx('surveys').whereIn('ticket_id', ticketIds).whereNull('caller_id').whereNull('outcome').orderBy('id').forUpdate() : [];
      return new Map(rows.map((r) => [r.ticket_id, r]));
    },

    /** Counts an unanswered call; with `expected`, only if nobody counted one since it was read. */
    async recordAttempt(tx: Tx, id: number, at: Date, expected?: number): Promise<SurveyRow | undefined> {
      const [row] = await repository.recordAttempts(tx, [{ id, at, expected }]);
      return row;
    },

    /** Counts an unanswered call on each of these surveys in one statement; answers the rows counted. */
    async recordAttempts(tx: Tx, attempts: { id: number; at: Date; expected?: number }[]): Promise<SurveyRow[]> {
      if (!attempts.length) return [];
      const { rows } = await tx.raw(
        `update surveys s set attempts = s.attempts + 1, last_attempt_at = v.at
         from jsonb_to_recordset(?::jsonb) as v(id bigint, at timestamptz, expected integer)
         where s.id = v.id and s.outcome is null and (v.expected is null or s.attempts = v.expected)
         returning s.*`,
        [JSON.stringify(attempts.map((a) => ({ id: a.id, at: a.at, expected: a.expected ?? null })))],
      );
      return rows;
    },

    /** Ends an open survey; undefined when it was not open any more (someone else ended it). */
    async complete(tx: Tx, id: number, c: Completion): Promise<SurveyRow | undefined> {
      const [row] = await repository.completeMany(tx, [{ id, completion: c }]);
      return row;
    },

    /**
     * Ends these open surveys in one statement; answers the rows ended (one that was not open any
     * more is left out). An unreachable citizen's survey counts its third call; a department given
     * (even null) replaces the survey's.
     */
    async completeMany(tx: Tx, endings: { id: number; completion: Completion }[]): Promise<SurveyRow[]> {
      if (!endings.length) return [];
      const { rows } = await tx.raw(
        `update surveys s set outcome = v.outcome, completed_at = v.at, escalated = v.escalated, contacted = v.contacted,
           resolved = v.resolved, comment = v.comment,
           department_id = case when v.sets_department then v.department_id else s.department_id end,
           attempts = case when v.outcome = 'unreachable' then 3 else s.attempts end,
           last_attempt_at = case when v.outcome = 'unreachable' then v.at else s.last_attempt_at end
         from jsonb_to_recordset(?::jsonb) as v(id bigint, outcome text, at timestamptz, escalated boolean, contacted boolean,
           resolved text, comment text, sets_department boolean, department_id integer)
         where s.id = v.id and s.outcome is null
         returning s.*`,
        [
          JSON.stringify(
            endings.map(({ id, completion: c }) => ({
              id,
              outcome: c.outcome,
              at: c.at,
              escalated: c.escalated ?? false,
              contacted: c.contacted ?? null,
              resolved: c.resolved ?? null,
              comment: c.comment ?? null,
              sets_department: c.departmentId !== undefined,
              department_id: c.departmentId ?? null,
            })),
          ),
        ],
      );
      return rows;
    },

    findQueueRow(id: number): Promise<QueueRow | undefined> {
      return queue().where('s.id', id).first();
    },

    findByTokenHash(hash: string): Promise<QueueRow | undefined> {
      return queue().where('s.token_hash', hash).first();
    },

    /** Open surveys of citizens who agreed to callbacks, oldest reply (so oldest due) first. */
    due(limit: number, afterId?: number): Promise<QueueRow[]> {
      const q = dueSurveys(queue());
      if (afterId !== undefined) q.whereRaw('(s.replied_at, s.id) > (select replied_at, id from surveys where id = ?)', [afterId]);
      return q.orderBy([{ column: 's.replied_at' }, { column: 's.id' }]).limit(limit);
    },

    /** How many surveys the callback queue holds in all (its pages show `limit` at a time). */
    async dueCount(): Promise<number> {
      const [{ n }] = await dueSurveys(withCaller(db('surveys as s').join('tickets as t', 't.id', 's.ticket_id'))).count({ n: '*' });
      return Number(n);
    },

    async escalatedCount(): Promise<number> {
      const [{ n }] = await db('surveys').where({ escalated: true }).count({ n: '*' });
      return Number(n);
    },

    escalated(limit: number): Promise<QueueRow[]> {
      return queue().where('s.escalated', true).orderBy('s.completed_at', 'desc').limit(limit);
    },

    /** Open surveys of citizens who declined callbacks: the survey worker's work. */
    withoutConsent(limit: number): Promise<QueueRow[]> {
      return queue().whereNull('s.outcome').whereRaw(`not ${CONSENT}`).orderBy('s.id').limit(limit);
    },

    async setToken(tx: Tx, id: number, hash: string, expiresAt: Date): Promise<boolean> {
      const n = await tx('surveys').where({ id }).whereNull('outcome').update({ token_hash: hash, token_expires_at: expiresAt, token_used_at: null });
      return n === 1;
    },

    /** Takes the link for one answer: of two uses at the same moment, exactly one gets the row. */
    async claimToken(hash: string, now: Date): Promise<SurveyRow | undefined> {
      const [row] = await db('surveys')
        .where({ token_hash: hash })
        .whereNull('token_used_at')
        .whereNull('outcome')
        .where('token_expires_at', '>', now)
        .update({ token_used_at: now })
        .returning('*');
      return row;
    },

    async setSmsDelivery(tx: Tx, id: number, deliveryId: number): Promise<void> {
      await tx('surveys').where({ id }).update({ sms_delivery_id: deliveryId });
    },

    /** The surveys of one ticket (its own citizen's and its attached callers'), newest first, `afterId` for the next page. */
    forTicket(ticketId: number, limit: number, afterId?: number): Promise<QueueRow[]> {
      const q = queue().where('s.ticket_id', ticketId);
      if (afterId !== undefined) q.where('s.id', '<', afterId);
      return q.orderBy('s.id', 'desc').limit(limit);
    },

    async countForTicket(ticketId: number): Promise<number> {
      const [{ n }] = await db('surveys').where({ ticket_id: ticketId }).count({ n: '*' });
      return Number(n);
    },

    /** The survey row as it stands, locked until the correction's transaction ends. */
    lock(tx: Tx, id: number): Promise<SurveyRow | undefined> {
      return tx('surveys').where({ id }).forUpdate().first();
    },

    /** A supervisor's correction of a recorded result (the row keeps when and by which call it ended). */
    async correct(tx: Tx, id: number, c: { outcome: SurveyOutcome; resolved: string | null; contacted: boolean | null; escalated: boolean }): Promise<void> {
      await tx('surveys').where({ id }).update(c);
    },

    /** The survey action's event that ended a ticket's own citizen's survey (its metrics are counted from it). */
    async endingEvent(tx: Tx, ticketId: number, at: Date): Promise<number | null> {
      const row = await tx('ticket_events').where({ ticket_id: ticketId, action: 'survey', created_at: at }).whereNot('to_status', 'replied').orderBy('id', 'desc').first('id');
      return row ? Number(row.id) : null;
    },

    async audit(tx: Tx, entry: { action: string; actorUserId: number | null; ticketId: number; surveyId: number; detail: object; at: Date }): Promise<void> {
      await tx('audit_log').insert({
        action: entry.action,
        actor_user_id: entry.actorUserId,
        ticket_id: entry.ticketId,
        target_type: 'survey',
        target_id: String(entry.surveyId),
        detail: entry.detail,
        created_at: entry.at,
      });
    },

    async releaseToken(id: number): Promise<void> {
      await db('surveys').where({ id }).whereNull('outcome').update({ token_used_at: null });
    },
  };
  return repository;
}

export type SurveysRepository = ReturnType<typeof createSurveysRepository>;
