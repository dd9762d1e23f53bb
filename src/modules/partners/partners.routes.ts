import type { ApiRouter } from '../../http/api-router';
import type { Partners } from './partners.service';
import { z } from 'zod';
import { deliveriesQuerySchema, deliveryParamsSchema, deliveryViewSchema, partnerParamsSchema, putPartnerSchema } from './partners.schemas';

const adminOnly = { roles: ['admin'] } as const;
// Supervisors work the failed-deliveries queue of a shift (/queues): they read a ticket's
// deliveries and send a dead one again. Configuring partners stays with admins.
const recovery = { roles: ['admin', 'supervisor'] } as const;

/** Partner endpoints (admins) and the delivery (dead-letter) list with its retry (admins and supervisors). */
export function registerPartnerRoutes(router: ApiRouter, partners: Partners): void {
  router.add({
    method: 'get',
    path: '/admin/partners',
    access: adminOnly,
    summary: 'Partner endpoints that outbound messages are posted to (secrets are never shown)',
    handle: async ({ res }) => {
      res.json({ partners: await partners.listPartners() });
    },
  });

  router.add({
    method: 'put',
    path: '/admin/partners/:name',
    access: adminOnly,
    summary: "Configure a partner's endpoint: URL, HMAC secret (write-only), active",
    schemas: { params: partnerParamsSchema.shape, body: putPartnerSchema },
    handle: async ({ res, principal, params, body }) => {
      res.json({ partner: await partners.configurePartner(principal, params.name, body) });
    },
  });

  router.add({
    method: 'get',
    path: '/admin/deliveries',
    access: recovery,
    summary: 'Outbound deliveries, newest first; `status=dead` is the dead-letter list, `ticketId` one ticket\'s messages',
    schemas: { query: deliveriesQuerySchema },
    response: z.object({ deliveries: z.array(deliveryViewSchema) }),
    handle: async ({ res, query }) => {
      res.json({ deliveries: await partners.listDeliveries(query) });
    },
  });

  router.add({
    method: 'post',
    path: '/admin/deliveries/:id/retry',
    access: recovery,
    summary: 'Send a dead delivery again (a fresh round of attempts), audited and on the ticket\'s timeline with who asked; 404 unknown, 409 unless it is dead',
    schemas: { params: deliveryParamsSchema.shape },
    successStatus: 202,
    response: z.object({ delivery: deliveryViewSchema }),
    handle: async ({ res, principal, params }) => {
      res.status(202).json({ delivery: await partners.retryDelivery(principal, params.id) });
    },
  });
}
