import { z } from 'zod';

/** Every queue, with the zod schema of its job payload (jobs carry ids, not records). */
export const queueNames = {
  routing: 'routing',
  delivery: 'delivery',
  maintenance: 'maintenance',
  routingTraining: 'routing-training',
} as const;

export const jobPayloads = {
  // The tickets of one intake batch (or one ticket to route again): one job for all of them.
  routing: z.union([
    z.object({ ticketIds: z.array(z.number().int().positive()).min(1).max(1000) }),
    // A job or outbox message written before batches had one job each names a single ticket.
    z.object({ ticketId: z.number().int().positive() }).transform(({ ticketId }) => ({ ticketIds: [ticketId] })),
  ]),
  // An outbound partner message to send (its row in partner_deliveries holds the rest).
  delivery: z.object({ deliveryId: z.number().int().positive() }),
  // The cluster's periodic passes, one job scheduler each (workers/periodic.worker.ts): the sweep that
  // re-drives whatever lost its job, the survey pass, the metric compaction.
  maintenance: z.object({ job: z.enum(['sweep', 'survey-pass', 'metric-compaction']) }),
  // Retrain the routing model on the corpus and the dispatchers' corrections (no payload: it reads both).
  routingTraining: z.object({}),
} as const;

export type QueueKey = keyof typeof queueNames;
export type JobPayload<K extends QueueKey> = z.infer<(typeof jobPayloads)[K]>;
