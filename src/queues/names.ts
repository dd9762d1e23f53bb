import { z } from 'zod';

/** Every queue, with the zod schema of its job payload (jobs carry ids, not records). */
export const queueNames = {
  routing: 'routing',
  sla: 'sla',
  delivery: 'delivery',
  maintenance: 'maintenance',
  routingTraining: 'routing-training',
} as const;

export const jobPayloads = {
  routing: z.object({ ticketId: z.number().int().positive() }),
  // Either plan a ticket's SLA moments, or fire one of them at its time.
  sla: z.discriminatedUnion('job', [
    z.object({ job: z.literal('schedule'), ticketId: z.number().int().positive() }),
    z.object({
      job: z.literal('fire'),
      ticketId: z.number().int().positive(),
      kind: z.enum(['at_risk', 'overdue']),
      // Jobs planned before the accept clock was watched name no clock: theirs is the reply clock.
      clock: z.enum(['accept', 'reply']).default('reply'),
      dueAt: z.iso.datetime(),
    }),
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
