import type { ApiRouter } from '../../http/api-router';
import type { Partners } from './partners.service';
import { deliveriesQuerySchema, deliveryAnswer, deliveryList, deliveryParamsSchema, partnerAnswer, partnerList, partnerListQuery, partnerParamsSchema, putPartnerSchema } from './partners.schemas';

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
    schemas: { query: partnerListQuery },
    response: partnerList,
    handle: async ({ res, query }) => {
      res.json(await partners.listPartners(query));
    },
  });

  router.add({
    method: 'put',
    path: '/admin/partners/:name',
    access: adminOnly,
    summary: "Configure a partner's endpoint: URL, HMAC secret (write-only), active",
    schemas: { params: partnerParamsSchema.shape, body: putPartnerSchema },
    response: partnerAnswer,
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
    response: deliveryList,
    handle: async ({ res, query }) => {
      res.json(await partners.listDeliveries(query));
    },
  });

  router.add({
    method: 'post',
    path: '/admin/deliveries/:id/retry',
    access: recovery,
    summary: 'Send a dead delivery again (a fresh round of attempts), audited and on the ticket\'s timeline with who asked; 404 unknown, 409 unless it is dead',
    schemas: { params: deliveryParamsSchema.shape },
    successStatus: 202,
    response: deliveryAnswer,
    handle: async ({ res, principal, params }) => {
      res.status(202).json({ delivery: await partners.retryDelivery(principal, params.id) });
    },
  });
}
