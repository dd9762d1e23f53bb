import type { ApiRouter } from '../../http/api-router';
import { parseInput } from '../../http/validate';
import type { Partners } from './partners.service';
import { deliveriesQuerySchema, deliveryAnswer, deliveryList, deliveryParamsSchema, partnerAnswer, partnerList, partnerListQuery, partnerParamsSchema, putPartnerSchema } from './partners.schemas';

const adminOnly = { roles: ['admin'] } as const;

/** Partner endpoints and the delivery (dead-letter) list: configuration and recovery, admins only. */
export function registerPartnerRoutes(router: ApiRouter, partners: Partners): void {
  router.add({
    method: 'get',
    path: '/admin/partners',
    access: adminOnly,
    summary: 'Partner endpoints that outbound messages are posted to (secrets are never shown)',
    schemas: { query: partnerListQuery },
    response: partnerList,
    handle: async ({ req, res }) => {
      res.json(await partners.listPartners(parseInput(partnerListQuery, req.query, 'query')));
    },
  });

  router.add({
    method: 'put',
    path: '/admin/partners/:name',
    access: adminOnly,
    summary: "Configure a partner's endpoint: URL, HMAC secret (write-only), active",
    schemas: { body: putPartnerSchema },
    response: partnerAnswer,
    handle: async ({ req, res, principal }) => {
      const { name } = parseInput(partnerParamsSchema, req.params, 'path');
      const input = parseInput(putPartnerSchema, req.body);
      res.json({ partner: await partners.configurePartner(principal, name, input) });
    },
  });

  router.add({
    method: 'get',
    path: '/admin/deliveries',
    access: adminOnly,
    summary: 'Outbound deliveries, newest first; `status=dead` is the dead-letter list',
    schemas: { query: deliveriesQuerySchema },
    response: deliveryList,
    handle: async ({ req, res }) => {
      res.json(await partners.listDeliveries(parseInput(deliveriesQuerySchema, req.query, 'query')));
    },
  });

  router.add({
    method: 'post',
    path: '/admin/deliveries/:id/retry',
    access: adminOnly,
    summary: 'Send a dead delivery again (a fresh round of attempts); 409 unless it is dead',
    successStatus: 202,
    response: deliveryAnswer,
    handle: async ({ req, res, principal }) => {
      const { id } = parseInput(deliveryParamsSchema, req.params, 'path');
      res.status(202).json({ delivery: await partners.retryDelivery(principal, id) });
    },
  });
}
