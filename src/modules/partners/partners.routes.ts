import type { ApiRouter } from '../../http/api-router';
import type { Partners } from './partners.service';
import { deliveriesQuerySchema, deliveryParamsSchema, partnerParamsSchema, putPartnerSchema } from './partners.schemas';

const adminOnly = { roles: ['admin'] } as const;

/** Partner endpoints and the delivery (dead-letter) list: configuration and recovery, admins only. */
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
    access: adminOnly,
    summary: 'Outbound deliveries, newest first; `status=dead` is the dead-letter list',
    schemas: { query: deliveriesQuerySchema },
    handle: async ({ res, query }) => {
      res.json({ deliveries: await partners.listDeliveries(query) });
    },
  });

  router.add({
    method: 'post',
    path: '/admin/deliveries/:id/retry',
    access: adminOnly,
    summary: 'Send a dead delivery again (a fresh round of attempts); 409 unless it is dead',
    schemas: { params: deliveryParamsSchema.shape },
    successStatus: 202,
    handle: async ({ res, principal, params }) => {
      res.status(202).json({ delivery: await partners.retryDelivery(principal, params.id) });
    },
  });
}
