import { z } from 'zod';

/** Every queue, with the zod schema of its job payload (jobs carry ids, not records). */
export const queueNames = {
  routing: 'routing',
} as const;

export const jobPayloads = {
  routing: z.object({ ticketId: z.number().int().positive() }),
} as const;

export type QueueKey = keyof typeof queueNames;
export type JobPayload<K extends QueueKey> = z.infer<(typeof jobPayloads)[K]>;
