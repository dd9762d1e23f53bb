import type { RequestHandler } from 'express';
import type { ApiRouter } from '../../http/api-router';
import {
  createdTicketSchema,
  publicCreatedTicketSchema,
  publicTicketViewSchema,
  similarTicketsSchema,
  ticketDetailSchema,
  type EmergencyNotice,
  type PublicCreatedTicket,
} from './ticket-view.schemas';
import { anyStaff, type Principal } from '../../shared/principal';
import type { CategoryCatalog } from '../categories';
import type { DepartmentDirectory } from '../departments';
import type { Clock } from '../../shared/clock';
import { callerView, followUpCounts, publicTicketView, ticketView, timelineView, type SlaFlagSource } from './ticket-view';
import {
  createTicketSchema,
  idempotencyKeySchema,
  publicCreateTicketSchema,
  publicTrackQuerySchema,
  similarQuerySchema,
  ticketNoSchema,
  ticketRefSchema,
} from './ticket.schemas';
import type { TicketsService } from './tickets.service';
import type { ActionEngine } from './ticket-actions';
import { registerTicketActionRoutes } from './ticket-actions.routes';

export interface TicketRoutesDeps {
  tickets: TicketsService;
  engine: ActionEngine;
  directory: DepartmentDirectory;
  catalog: CategoryCatalog;
  sla: SlaFlagSource;
  clock: Clock;
  publicLimit: RequestHandler;
}

/**
 * What the intake response says about an emergency: during a call the operator must act at once;
 * from other channels the routing worker hands the ticket to 110 and the citizen is told so.
 */
function emergencyNotice(e: { emergency: boolean; kind: string | null; matches: string[] }, channel: string): EmergencyNotice {
  if (!e.emergency) return { flagged: false, kind: null, matches: [], advice: null };
  const advice =
    channel === 'phone'
      ? '疑似紧急警情：请立即引导市民拨打110/119/120，或将工单转110处理'
      : '您反映的情况可能属于紧急警情，已转110处理；如情况危急请立即拨打110/119/120';
  return { flagged: true, kind: e.kind, matches: e.matches, advice };
}

const idempotencyKey = idempotencyKeySchema.describe('The same key and body return the same ticket (201, then 200 with it), never two tickets');

export function registerTicketRoutes(router: ApiRouter, deps: TicketRoutesDeps): void {
  const { tickets } = deps;
  const view = (row: Parameters<typeof ticketView>[0], principal: Principal) =>
    ticketView(row, { directory: deps.directory, catalog: deps.catalog, sla: deps.sla, now: deps.clock.now(), principal });

  router.add({
    method: 'post',
    path: '/tickets',
    access: { roles: ['operator'], partners: true },
    summary: 'Create a ticket (operators during a call, partner systems); Idempotency-Key supported',
    schemas: { body: createTicketSchema, headers: { 'Idempotency-Key': idempotencyKey } },
    successStatus: 201,
    response: createdTicketSchema,
    handle: async ({ res, principal, body, headers }) => {
      const { ticket, created, emergency } = await tickets.createTicket(principal, body, headers['Idempotency-Key']);
      res.status(created ? 201 : 200).json({ ...view(ticket, principal), emergency: emergencyNotice(emergency, ticket.channel) });
    },
  });

  // Before /tickets/:ref, which would take "similar" for a ticket reference.
  router.add({
    method: 'get',
    path: '/tickets/similar',
    access: { roles: ['operator', 'dispatcher', 'supervisor'] },
    summary: 'Open tickets at the place being typed about (same address or within 250 m, last 7 days, of the category if given): duplicates while the call goes on',
    schemas: { query: similarQuerySchema },
    response: similarTicketsSchema,
    handle: async ({ res, principal, query }) => {
      const found = await tickets.similarOpen(principal, query);
      // The nearest few suggestions, not a list to page through: no total that would only count them.
      res.json({ tickets: found.map((f) => ({ ...view(f.ticket, principal), distanceM: f.distanceM, summary: f.summary })) });
    },
  });

  router.add({
    method: 'get',
    path: '/tickets/:ref',
    access: { roles: anyStaff, partners: true },
    summary: 'A ticket by id or ticket number, with its timeline, attached callers and follow-up calls',
    schemas: { params: { ref: ticketRefSchema.describe('ticket reference') } },
    response: ticketDetailSchema,
    handle: async ({ res, principal, params }) => {
      const { ticket, timeline, suggestedDuplicates, callers } = await tickets.getTicket(principal, params.ref);
      res.json({
        ...view(ticket, principal),
        timeline: timelineView(timeline, deps.directory),
        suggestedDuplicates,
        callers: callers.map(callerView),
        followUps: followUpCounts(timeline),
      });
    },
  });

  router.add({
    method: 'post',
    path: '/public/tickets',
    access: { public: true },
    summary: 'The public web form: a citizen submits a request',
    schemas: { body: publicCreateTicketSchema, headers: { 'Idempotency-Key': idempotencyKey } },
    successStatus: 201,
    response: publicCreatedTicketSchema,
    before: [deps.publicLimit],
    handle: async ({ res, body: input, headers }) => {
      const { ticket, created, emergency } = await tickets.createTicket({ kind: 'public' }, { ...input, channel: 'web', urgency: 'normal' }, headers['Idempotency-Key']);
      const body: PublicCreatedTicket = {
        ticketNo: ticket.ticket_no,
        status: ticket.status,
        createdAt: ticket.created_at.toISOString(),
        emergency: emergencyNotice(emergency, ticket.channel),
      };
      res.status(created ? 201 : 200).json(body);
    },
  });

  router.add({
    method: 'get',
    path: '/public/tickets/:ticketNo',
    access: { public: true },
    summary: 'Track a request by its number and the last 4 digits of the phone (nothing personal)',
    schemas: { params: { ticketNo: ticketNoSchema.describe('ticket number') }, query: publicTrackQuerySchema },
    response: publicTicketViewSchema,
    before: [deps.publicLimit],
    handle: async ({ res, params, query }) => {
      const { ticket, timeline } = await tickets.trackTicket(params.ticketNo, query.phone4);
      res.json(publicTicketView(ticket, timeline, deps.directory, deps.clock.now()));
    },
  });

  registerTicketActionRoutes(router, { engine: deps.engine, tickets, view });
}
