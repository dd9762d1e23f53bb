import type { Tx } from '../../db/knex';
import type { Transact } from '../../db/transaction';
import type { Clock } from '../../shared/clock';
import type { DomainEvents } from '../../shared/domain-events';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors';
import type { Principal } from '../../shared/principal';
import type { MetricsRecorder, SurveyFacts } from '../metrics';
import { recordedResults, type CorrectionBody, type RecordedResult } from './surveys.schemas';
import type { QueueRow, SurveyRow, SurveysRepository } from './surveys.repository';

export interface CorrectionDeps {
  repo: SurveysRepository;
  transact: Transact;
  clock: Clock;
  metrics: Pick<MetricsRecorder, 'correctSurvey'>;
  events: DomainEvents;
  /** How this module writes on a ticket's timeline (the tickets service's appendEvent). */
  timeline: {
    appendEvent(ticketId: number, action: string, note: string | null, data: Record<string, unknown>, tx?: Tx, by?: Principal): Promise<boolean>;
  };
}

const answered = (r: RecordedResult) => r !== 'unreachable';
const isRecorded = (outcome: string | null): outcome is RecordedResult => (recordedResults as readonly string[]).includes(outcome ?? '');

/** What a result counts in the metrics, in the survey action's terms (metric-deltas.ts surveyCounters). */
function factsOf(result: RecordedResult, resolved: string | null): SurveyFacts {
  return answered(result) ? { reached: true, satisfaction: result, resolved: resolved ?? undefined } : { reached: false, unreachable: true };
}

/**
 * A supervisor corrects the recorded result of a survey (the operator clicked 不满意 for a satisfied
 * citizen, or 未接通 for one who answered), with a reason: the row takes the new result, the metrics
 * take back the old one and count the new one on the day and keys the old one was counted under,
 * and the ticket's timeline and the audit log say who, when, old → new and why, all in one
 * transaction. The ticket itself does not move: a dissatisfaction reopens a ticket automatically
 * only at the call; one found later goes to the supervisors' list (escalated), where a supervisor
 * reopens the ticket if it must be worked again; a result corrected away from dissatisfied leaves it.
 */
export function createSurveyCorrection(deps: CorrectionDeps) {
  const { repo } = deps;

  async function write(tx: Tx, principal: Principal, view: QueueRow, body: CorrectionBody): Promise<void> {
    const row = (await repo.lock(tx, view.id)) as SurveyRow;
    if (!isRecorded(row.outcome)) throw new ConflictError('SURVEY_NOT_RECORDED', `This survey has no recorded result to correct (${row.outcome ?? 'still open'})`);
    const from = row.outcome;
    const to = body.result;
    const resolved = answered(to) ? (body.resolved ?? row.resolved) : null;
    if (from === to && resolved === row.resolved) {
      throw new ValidationError('Invalid input', [{ field: 'result', message: `${to} is the recorded result already` }]);
    }
    const escalated = to === 'dissatisfied';
    const now = deps.clock.now();
    await repo.correct(tx, row.id, { outcome: to, resolved, contacted: answered(to) ? row.contacted : null, escalated });
    const counted = factsOf(to, resolved);
    await deps.metrics.correctSurvey(tx, {
      ticketId: row.ticket_id,
      at: row.completed_at as Date,
      departmentId: row.department_id,
      line: view.line,
      channel: view.channel,
      facts: factsOf(from, row.resolved),
      corrected: counted,
    });
    // A ticket's own citizen's result was counted from its survey event: the recount counts the
    // corrected result in its place (metrics-recount.ts); other surveys are recounted from their rows.
    const own = row.ticket_id === row.replied_ticket_id && row.caller_id === null;
    const surveyEventId = own ? await repo.endingEvent(tx, row.ticket_id, row.completed_at as Date) : null;
    const change = { from, to, resolved: { from: row.resolved, to: resolved }, escalation: { from: row.escalated, to: escalated } };
    await deps.timeline.appendEvent(row.ticket_id, 'survey-corrected', body.reason, { surveyId: row.id, callerId: row.caller_id, surveyEventId, ...change, counted }, tx, principal);
    await repo.audit(tx, {
      action: 'survey-correction',
      actorUserId: principal.kind === 'user' ? principal.userId : null,
      ticketId: row.ticket_id,
      surveyId: row.id,
      detail: { reason: body.reason, before: { outcome: from, resolved: row.resolved, escalated: row.escalated }, after: { outcome: to, resolved, escalated } },
      at: now,
    });
  }

  return {
    async correct(principal: Principal, id: number, body: CorrectionBody): Promise<void> {
      const view = await repo.findQueueRow(id);
      if (!view) throw new NotFoundError('No such survey', 'SURVEY_NOT_FOUND');
      await deps.transact((tx) => write(tx, principal, view, body));
      deps.events.emit('survey.corrected', { ticketId: view.ticket_id, surveyId: id, departmentId: view.department_id, at: deps.clock.now() });
    },
  };
}
