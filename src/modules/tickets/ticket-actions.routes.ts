import { revealedPhoneSchema, ticketViewSchema, type RevealedPhone } from './ticket-view.schemas';
import type { ApiRouter } from '../../http/api-router';
import { parseInput } from '../../http/validate';
import { anyStaff, roles, type Principal, type Role } from '../../shared/principal';
import type { ActionEngine } from './ticket-actions';
import { actionBodies, revealPhoneBody } from './ticket-actions.schemas';
import { ticketRefSchema } from './ticket.schemas';
import type { TicketsService } from './tickets.service';
import { httpActions, transitions } from './transitions';
import type { TicketRow } from './tickets.repository';

/** `POST /tickets/{id or ticketNo}/<action>` for every action of the transition table. */
export function registerTicketActionRoutes(
  router: ApiRouter,
  deps: { engine: ActionEngine; tickets: TicketsService; view: (row: TicketRow, principal: Principal) => unknown },
): void {
  for (const action of httpActions) {
    const allowed = (transitions[action].by as readonly string[]).filter((a): a is Role => (roles as readonly string[]).includes(a));
    router.add({
      method: 'post',
      path: `/tickets/:ref/${action}`,
      access: { roles: allowed },
      summary: `Ticket action: ${action} (from ${transitions[action].from.join(', ')})`,
      schemas: { body: actionBodies[action] },
      response: ticketViewSchema,
      handle: async ({ req, res, principal }) => {
        const ref = parseInput(ticketRefSchema, req.params.ref, 'ticket reference');
        res.json(deps.view(await deps.engine.perform(principal, ref, action, req.body), principal));
      },
    });
  }

  router.add({
    method: 'post',
    path: '/tickets/:ref/reveal-phone',
    access: { roles: anyStaff },
    summary: "Reveal the citizen's full phone number (audited)",
    schemas: { body: revealPhoneBody },
    response: revealedPhoneSchema,
    handle: async ({ req, res, principal }) => {
      const ref = parseInput(ticketRefSchema, req.params.ref, 'ticket reference');
      const { reason } = parseInput(revealPhoneBody, req.body ?? {});
      const body: RevealedPhone = await deps.tickets.revealPhone(principal, ref, reason);
      res.json(body);
    },
  });
}
