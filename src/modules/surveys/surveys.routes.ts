import type { RequestHandler } from 'express';
import type { ApiRouter } from '../../http/api-router';
import { NotFoundError } from '../../shared/errors';
import {
  correctionBody,
  escalatedListSchema,
  issueLinkBody,
  issuedLinkSchema,
  linkAnswerBody,
  linkTokenParam,
  queueQuerySchema,
  surveyBody,
  surveyDetailSchema,
  surveyIdSchema,
  surveyLinkAnsweredSchema,
  surveyLinkViewSchema,
  surveyPageSchema,
  ticketSurveysQuery,
} from './surveys.schemas';
import type { SurveysService } from './surveys.service';

/** Anything that is not a well-formed token (parsed as null) is as unknown as a forged one: 404, not 400. */
function tokenOf(token: string | null): string {
  if (token === null) throw new NotFoundError('No such survey link', 'SURVEY_LINK_NOT_FOUND');
  return token;
}

const linkGone = 'The link was used already (SURVEY_LINK_USED) or has expired (SURVEY_LINK_EXPIRED); nothing is recorded';
const surveyId = { id: surveyIdSchema.describe('survey id') };
const linkToken = { token: linkTokenParam };

export function registerSurveyRoutes(router: ApiRouter, deps: { surveys: SurveysService; publicLimit: RequestHandler }): void {
  const { surveys } = deps;

  router.add({
    method: 'get',
    path: '/surveys/due',
    access: { roles: ['operator', 'supervisor', 'admin'] },
    schemas: { query: queueQuerySchema },
    response: surveyPageSchema,
    summary: 'The callback queue: open surveys of citizens who agreed to callbacks, oldest due first',
    handle: async ({ res, query: q }) => {
      res.json(await surveys.due(q.limit, q.cursor));
    },
  });

  router.add({
    method: 'get',
    path: '/surveys/escalated',
    access: { roles: ['supervisor', 'admin'] },
    schemas: { query: queueQuerySchema },
    response: escalatedListSchema,
    summary: "The supervisors' list: second dissatisfactions, dissatisfied citizens of merged tickets and dissatisfactions found by a correction",
    handle: async ({ res, query: q }) => {
      res.json(await surveys.escalated(q.limit));
    },
  });

  router.add({
    method: 'get',
    path: '/surveys',
    access: { roles: ['operator', 'supervisor', 'admin'] },
    schemas: { query: ticketSurveysQuery },
    response: surveyPageSchema,
    summary: "The surveys of one ticket (ticketId), newest first: its own citizen's, one per reply, and its attached callers'",
    handle: async ({ res, query: q }) => {
      res.json(await surveys.forTicket(q.ticketId, q.limit, q.cursor));
    },
  });

  router.add({
    method: 'get',
    path: '/surveys/:id',
    access: { roles: ['operator', 'supervisor', 'admin'] },
    response: surveyDetailSchema,
    summary: 'One survey with its attempts and answers',
    schemas: { params: surveyId },
    handle: async ({ res, params }) => {
      res.json(await surveys.get(params.id));
    },
  });

  router.add({
    method: 'post',
    path: '/surveys/:id/call',
    access: { roles: ['operator'] },
    schemas: { params: surveyId, body: surveyBody },
    response: surveyDetailSchema,
    summary: "Record a callback: {reached:false} counts an attempt (the 3rd closes it unreachable), or the citizen's answers",
    handle: async ({ res, principal, params, body }) => {
      res.json(await surveys.recordCall(principal, params.id, body));
    },
  });

  router.add({
    method: 'post',
    path: '/surveys/:id/link',
    access: { roles: ['operator'] },
    schemas: { params: surveyId, body: issueLinkBody },
    successStatus: 201,
    response: issuedLinkSchema,
    summary: 'Text the citizen a single-use survey link (replaces any earlier one); {send:false} shows it to the operator instead',
    handle: async ({ res, params, body }) => {
      res.status(201).json(await surveys.issueLink(params.id, { send: body.send }));
    },
  });

  router.add({
    method: 'post',
    path: '/surveys/:id/correction',
    access: { roles: ['supervisor', 'admin'] },
    schemas: { params: surveyId, body: correctionBody },
    response: surveyDetailSchema,
    summary:
      "Correct a recorded result (e.g. dissatisfied recorded for a satisfied citizen) with a reason: the metrics count the new result instead, the ticket's timeline (survey-corrected) and the audit log say who, when, old → new and why",
    handle: async ({ res, principal, params, body }) => {
      res.json(await surveys.correct(principal, params.id, body));
    },
  });

  router.add({
    method: 'get',
    path: '/public/surveys/:token',
    access: { public: true },
    summary: 'The survey behind an SMS link: the ticket number and the questions (nothing personal)',
    response: surveyLinkViewSchema,
    errors: { 410: linkGone },
    schemas: { params: linkToken },
    before: [deps.publicLimit],
    handle: async ({ res, params }) => {
      res.json(await surveys.linkView(tokenOf(params.token)));
    },
  });

  router.add({
    method: 'post',
    path: '/public/surveys/:token',
    access: { public: true },
    summary: "The citizen's answers through the SMS link; a used, forged or expired link records nothing",
    schemas: { params: linkToken, body: linkAnswerBody },
    response: surveyLinkAnsweredSchema,
    errors: { 410: linkGone },
    before: [deps.publicLimit],
    handle: async ({ res, params, body }) => {
      res.json(await surveys.answerByLink(tokenOf(params.token), body));
    },
  });
}
