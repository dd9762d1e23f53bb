import type { RequestHandler } from 'express';
import type { ApiRouter } from '../../http/api-router';
import { NotFoundError } from '../../shared/errors';
import { issueLinkBody, linkAnswerBody, linkTokenParam, queueQuerySchema, surveyBody, surveyIdSchema } from './surveys.schemas';
import type { SurveysService } from './surveys.service';

/** Anything that is not a well-formed token (parsed as null) is as unknown as a forged one: 404, not 400. */
function tokenOf(token: string | null): string {
  if (token === null) throw new NotFoundError('No such survey link', 'SURVEY_LINK_NOT_FOUND');
  return token;
}

const surveyId = { id: surveyIdSchema.describe('survey id') };
const linkToken = { token: linkTokenParam };

export function registerSurveyRoutes(router: ApiRouter, deps: { surveys: SurveysService; publicLimit: RequestHandler }): void {
  const { surveys } = deps;

  router.add({
    method: 'get',
    path: '/surveys/due',
    access: { roles: ['operator', 'supervisor', 'admin'] },
    schemas: { query: queueQuerySchema },
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
    summary: "The supervisors' list: second dissatisfactions and dissatisfied citizens of merged tickets",
    handle: async ({ res, query: q }) => {
      res.json(await surveys.escalated(q.limit));
    },
  });

  router.add({
    method: 'get',
    path: '/surveys/:id',
    access: { roles: ['operator', 'supervisor', 'admin'] },
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
    summary: 'Text the citizen a single-use survey link (replaces any earlier one); {send:false} shows it to the operator instead',
    handle: async ({ res, params, body }) => {
      res.status(201).json(await surveys.issueLink(params.id, { send: body.send }));
    },
  });

  router.add({
    method: 'get',
    path: '/public/surveys/:token',
    access: { public: true },
    summary: 'The survey behind an SMS link: the ticket number and the questions (nothing personal)',
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
    before: [deps.publicLimit],
    handle: async ({ res, params, body }) => {
      res.json(await surveys.answerByLink(tokenOf(params.token), body));
    },
  });
}
