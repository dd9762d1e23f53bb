export { createPartners, partnerView, deliveryView, type Partners, type PartnersDeps, type TimelinePort } from './partners.service';
export { registerPartnerRoutes } from './partners.routes';
export { defaultDeliveryPolicy, backoffDelay, type DeliveryPolicy, type AttemptOutcome } from './delivery-attempt';
export { signBody, verifySignature } from './signing';
export { POLICE_PARTNER, emergencyPayload, outcomePayload } from './partner-observer';
export type { DeliveryRow, NewDelivery, PartnerEndpointRow } from './partners.repository';
export * from './partners.schemas';
