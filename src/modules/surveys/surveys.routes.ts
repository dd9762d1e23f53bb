import type { RequestHandler } from 'express';
import type { ApiRouter } from '../../http/api-router';
import { parseInput } from '../../http/validate';
import { NotFoundError } from '../../shared/errors';
import {
  correctionBody,
  escalatedListSchema,
  issueLinkBody,
  issuedLinkSchema,
  linkAnswerBody,
  linkTokenSchema,
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

/** Anything that is not a well-formed token is as unknown as a forged one: 404, not 400. */
function tokenOf(raw: unknown): string {
  const parsed = linkTokenSchema.safeParse(raw);
  if (!parsed.success) throw new NotFoundError('No such survey link', 'SURVEY_LINK_NOT_FOUND');
  return parsed.data;
}

const linkGone = 'The link was used already (SURVEY_LINK_USED) or has expired (SURVEY_LINK_EXPIRED); nothing is recorded';

export function registerSurveyRoutes(router: ApiRouter, deps: { surveys: SurveysService; publicLimit: RequestHandler }): void {
  const { surveys } = deps;

  router.add({
    method: 'get',
    path: '/surveys/due',
    access: { roles: ['operator', 'supervisor', 'admin'] },
    schemas: { query: queueQuerySchema },
    response: surveyPageSchema,
    summary: 'The callback queue: open surveys of citizens who agreed to callbacks, oldest due first',
    handle: async ({ req, res }) => {
      const q = parseInput(queueQuerySchema, req.query, 'query');
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
    handle: async ({ req, res }) => {
      const q = parseInput(queueQuerySchema, req.query, 'query');
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
    handle: async ({ req, res }) => {
      const q = parseInput(ticketSurveysQuery, req.query, 'query');
      res.json(await surveys.forTicket(q.ticketId, q.limit, q.cursor));
    },
  });

  router.add({
    method: 'get',
    path: '/surveys/:id',
    access: { roles: ['operator', 'supervisor', 'admin'] },
    response: surveyDetailSchema,
    summary: 'One survey with its attempts and answers',
    handle: async ({ req, res }) => {
      res.json(await surveys.get(parseInput(surveyIdSchema, req.params.id, 'survey id')));
    },
  });

  router.add({
    method: 'post',
    path: '/surveys/:id/call',
    access: { roles: ['operator'] },
    schemas: { body: surveyBody },
    response: surveyDetailSchema,
    summary: "Record a callback: {reached:false} counts an attempt (the 3rd closes it unreachable), or the citizen's answers",
    handle: async ({ req, res, principal }) => {
      res.json(await surveys.recordCall(principal, parseInput(surveyIdSchema, req.params.id, 'survey id'), req.body));
    },
  });

  router.add({
    method: 'post',
    path: '/surveys/:id/link',
    access: { roles: ['operator'] },
    schemas: { body: issueLinkBody },
    successStatus: 201,
    response: issuedLinkSchema,
    summary: 'Text the citizen a single-use survey link (replaces any earlier one); {send:false} shows it to the operator instead',
    handle: async ({ req, res }) => {
      const { send } = parseInput(issueLinkBody, req.body ?? {});
      res.status(201).json(await surveys.issueLink(parseInput(surveyIdSchema, req.params.id, 'survey id'), { send }));
    },
  });

  router.add({
    method: 'post',
    path: '/surveys/:id/correction',
    access: { roles: ['supervisor', 'admin'] },
    schemas: { body: correctionBody },
    response: surveyDetailSchema,
    summary:
      "Correct a recorded result (e.g. dissatisfied recorded for a satisfied citizen) with a reason: the metrics count the new result instead, the ticket's timeline (survey-corrected) and the audit log say who, when, old → new and why",
    handle: async ({ req, res, principal }) => {
      res.json(await surveys.correct(principal, parseInput(surveyIdSchema, req.params.id, 'survey id'), req.body));
    },
  });

  router.add({
    method: 'get',
    path: '/public/surveys/:token',
    access: { public: true },
    summary: 'The survey behind an SMS link: the ticket number and the questions (nothing personal)',
    response: surveyLinkViewSchema,
    errors: { 410: linkGone },
    before: [deps.publicLimit],
    handle: async ({ req, res }) => {
      res.json(await surveys.linkView(tokenOf(req.params.token)));
    },
  });

  router.add({
    method: 'post',
    path: '/public/surveys/:token',
    access: { public: true },
    summary: "The citizen's answers through the SMS link; a used, forged or expired link records nothing",
    schemas: { body: linkAnswerBody },
    response: surveyLinkAnsweredSchema,
    errors: { 410: linkGone },
    before: [deps.publicLimit],
    handle: async ({ req, res }) => {
      const token = tokenOf(req.params.token);
      res.json(await surveys.answerByLink(token, parseInput(linkAnswerBody, req.body ?? {})));
    },
  });
}
