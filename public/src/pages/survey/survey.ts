// The survey behind an SMS link (GET/POST /public/surveys/{token}): single use, and it expires.
import type { FormRules } from 'element-plus';
import { api, ApiError } from '../../api/client';
import { errorText } from '../../forms';
import { i18n } from '../../i18n';

/** The survey's ticket as the link shows it: what was asked and answered, nothing personal. */
export interface LinkSurvey {
  ticketNo: string;
  type: string | null;
  department: string | null;
  repliedAt: string | null;
  expiresAt: string | null;
  /** The citizen's own words (an attached caller, whose ticket another citizen wrote, gets the title only). */
  request?: { title: string | null; description: string | null } | null;
  reply?: { result?: string | null; outcome?: string | null } | null;
}

export interface SurveyModel {
  contacted: boolean | null;
  resolved: '' | 'resolved' | 'partly' | 'not';
  satisfaction: '' | 'satisfied' | 'basically_satisfied' | 'dissatisfied';
  comment: string;
}

export const surveyFields = ['contacted', 'resolved', 'satisfaction', 'comment'] as const;

export const emptySurvey = (): SurveyModel => ({ contacted: null, resolved: '', satisfaction: '', comment: '' });

/** Unanswered questions are left out: only the satisfaction is required. */
export function surveyBody(m: SurveyModel) {
  return {
    contacted: m.contacted ?? undefined,
    resolved: m.resolved || undefined,
    satisfaction: m.satisfaction,
    comment: m.comment.trim() || undefined,
  };
}

export function surveyRules(t: (key: string) => string): FormRules {
  return {
    satisfaction: [{ required: true, message: t('validation.required'), trigger: 'change' }],
    comment: [{ max: 2000, message: t('validation.tooLong'), trigger: 'blur' }],
  };
}

const path = (token: string) => `/public/surveys/${encodeURIComponent(token)}`;

export const loadSurvey = (token: string) => api<LinkSurvey>(path(token), { anonymous: true });

export const answerSurvey = (token: string, m: SurveyModel) => api<{ ticketNo: string; recorded: true }>(path(token), { method: 'POST', body: surveyBody(m), anonymous: true });

/** A link that cannot be used (410 used or expired, 404 unknown): what the citizen is told. */
export function linkProblem(err: unknown): string | null {
  if (!(err instanceof ApiError)) return null;
  const t = (key: string) => i18n.global.t(key);
  if (err.code === 'SURVEY_LINK_USED') return t('survey.alreadyAnswered');
  if (err.code === 'SURVEY_LINK_EXPIRED') return t('survey.expired');
  if (err.status === 404 || err.status === 410) return t('survey.invalidLink');
  return null;
}

/** Any other failure, in the reader's words. */
export const failureText = (err: unknown) => linkProblem(err) ?? errorText(err);
