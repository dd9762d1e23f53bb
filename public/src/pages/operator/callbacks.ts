// The callback-survey queue (回访, SPEC section 9): `GET /surveys/due?limit=&cursor=` answers the open
// surveys of citizens who agreed to callbacks, oldest due first, a page at a time with `nextCursor`,
// and how many there are in all (`total`).
import { api } from '../../api/client';

/** One entry of `GET /surveys/due` (the surveys module's surveyView), as far as the card reads it. */
export interface DueSurvey {
  id: number;
  ticket: { id: number; ticketNo: string; type: string; line: string; channel: string };
  reply: { ticketNo: string; merged: boolean; result: string | null; outcome: string | null };
  citizen: { name: string | null; phone: string | null; callbackConsent: boolean };
  departmentId: number | null;
  repliedAt: string;
  dueAt: string;
  overdue: boolean;
  attempts: number;
}

interface DuePage {
  items: DueSurvey[];
  total: number;
  nextCursor: string | null;
}

/** `POST /surveys/:id/call` and `GET /surveys/:id` answer the survey as it now stands. */
export interface SurveyState {
  id: number;
  outcome: string | null;
  attempts: number;
  escalated: boolean;
  /** The SMS carrying the latest link: `delivered` only once the gateway acknowledged it. */
  sms?: { status: string; error: string | null } | null;
}

/** What `POST /surveys/:id/link` says about the SMS: queued (pending), or not sent and why. */
export type LinkSms = { deliveryId: number; status: 'pending' } | { status: 'not_sent'; reason: string } | null;

/** Reads the SMS's state until the gateway acknowledged it or delivery gave up (or `tries` run out). */
export async function smsOutcome(surveyId: number, tries = 10, everyMs = 1500): Promise<{ status: string; error: string | null } | null> {
  for (let i = 0; i < tries; i++) {
    await new Promise((r) => setTimeout(r, everyMs));
    const s = await api<SurveyState>(`/surveys/${surveyId}`);
    if (s.sms && s.sms.status !== 'pending') return s.sms;
  }
  return null;
}

export const PAGE_SIZE = 50;

/** What the operator heard, as the body of `POST /surveys/:id/call`. */
export const callOutcomes = [
  { key: 'satisfied', type: 'success', body: { reached: true, satisfaction: 'satisfied' } },
  { key: 'basically_satisfied', type: 'primary', body: { reached: true, satisfaction: 'basically_satisfied' } },
  { key: 'dissatisfied', type: 'danger', body: { reached: true, satisfaction: 'dissatisfied' } },
  { key: 'unreached', type: 'default', body: { reached: false } },
] as const;
export type CallOutcome = (typeof callOutcomes)[number];

export const resolvedAnswers = ['resolved', 'partly', 'not'] as const;

/**
 * What the citizen said. Nothing starts filled in: neither the department's own outcome nor a
 * ticked box may put words in the citizen's mouth; what was not asked is not sent.
 */
export interface CallAnswers {
  contacted: boolean | undefined;
  resolved: string;
  comment: string;
}

export function callBody(outcome: CallOutcome, answers: CallAnswers): Record<string, unknown> {
  const body: Record<string, unknown> = { ...outcome.body };
  if (outcome.body.reached) {
    if (answers.contacted !== undefined) body.contacted = answers.contacted;
    if (answers.resolved) body.resolved = answers.resolved;
  }
  const comment = answers.comment.trim();
  if (comment) body.comment = comment;
  return body;
}

/**
 * The queue from the start, page after page, until it holds at least `atLeast` entries or the
 * queue ends: a refresh keeps as much of the queue on screen as the operator had paged to.
 */
export async function loadDue(atLeast: number): Promise<DuePage> {
  const items: DueSurvey[] = [];
  let cursor: string | null = null;
  let total = 0;
  do {
    const page: DuePage = await api<DuePage>('/surveys/due', { query: { limit: PAGE_SIZE, cursor } });
    items.push(...page.items);
    total = page.total;
    cursor = page.nextCursor;
  } while (cursor && items.length < atLeast);
  return { items, total, nextCursor: cursor };
}

export async function loadMoreDue(cursor: string): Promise<DuePage> {
  return api<DuePage>('/surveys/due', { query: { limit: PAGE_SIZE, cursor } });
}
