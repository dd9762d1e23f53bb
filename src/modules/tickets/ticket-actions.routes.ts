import { revealedPhoneSchema, ticketViewSchema, type RevealedPhone } from './ticket-view.schemas';
import type { ApiRouter } from '../../http/api-router';
import { anyStaff, roles, type Principal, type Role } from '../../shared/principal';
import type { ActionEngine } from './ticket-actions';
import { actions, httpActions } from './actions';
import { revealPhoneBody } from './ticket-actions.schemas';
import { ticketRefSchema } from './ticket.schemas';
import type { TicketsService } from './tickets.service';
import type { TicketRow } from './tickets.repository';

const ref = ticketRefSchema.describe('ticket reference');

/** `POST /tickets/{id or ticketNo}/<action>` for every action a person takes, from its declaration (actions.ts). */
export function registerTicketActionRoutes(
  router: ApiRouter,
  deps: { engine: ActionEngine; tickets: TicketsService; view: (row: TicketRow, principal: Principal) => unknown },
): void {
  for (const action of httpActions) {
    const declared = actions[action];
    const allowed = (declared.by as readonly string[]).filter((a): a is Role => (roles as readonly string[]).includes(a));
    router.add({
      method: 'post',
      path: `/tickets/:ref/${action}`,
      access: { roles: allowed },
      summary: `Ticket action: ${action} (from ${declared.from.join(', ')})`,
      schemas: { params: { ref }, body: declared.body },
      response: ticketViewSchema,
      handle: async ({ res, principal, params, body }) => {
        res.json(deps.view(await deps.engine.perform(principal, params.ref, action, body), principal));
      },
    });
  }

  router.add({
    method: 'post',
    path: '/tickets/:ref/reveal-phone',
    access: { roles: anyStaff },
    summary: "Reveal the citizen's full phone number (audited)",
    schemas: { params: { ref }, body: revealPhoneBody },
    response: revealedPhoneSchema,
    handle: async ({ res, principal, params, body }) => {
      const revealed: RevealedPhone = await deps.tickets.revealPhone(principal, params.ref, body.reason);
      res.json(revealed);
    },
  });
}
