// The counters kept per (Shanghai day, department, line, channel), and the duration histograms.
// Pure: no I/O. Every figure of SPEC section 8 is computed from these in metric-formulas.ts.
import { shanghaiHour } from '../../shared/shanghai-time';

/** Intake per Shanghai hour of the day (SPEC section 8's hourly figure), kept like every other counter. */
const HOURS = ['00', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20', '21', '22', '23'] as const;
export type IntakeHourCounter = `intake_h${(typeof HOURS)[number]}`;
export const intakeHourCounters: readonly IntakeHourCounter[] = HOURS.map((h) => `intake_h${h}` as const);

/** The counter of the Shanghai hour an instant falls in. */
export function intakeHourOf(at: Date): IntakeHourCounter {
  return intakeHourCounters[shanghaiHour(at)];
}

const eventCounters = [
  'intake',
  'answered_on_spot',
  'dispatched',
  'accepted',
  'accepted_on_time',
  'accept_ms',
  'replied',
  'replied_on_time',
  'reply_ms',
  'resolved',
  'returned',
  'merged',
  'transferred_110',
  'survey_answered',
  'survey_satisfied',
  'survey_basically',
  'survey_dissatisfied',
  'survey_unreachable',
  'survey_no_consent',
  'survey_resolved_asked',
  'survey_resolved_yes',
  // Follow-up calls chasing an open ticket (催办), by the day of the call.
  'chased',
  // Tickets a department returned that a dispatcher then sent elsewhere (改派), counted for the
  // department they were taken from, on the day of the re-dispatch.
  'redispatched',
  // Routing's own decisions (emergencies aside): sent to a department, or left to a dispatcher; and
  // tickets it sent that a dispatcher later re-dispatched elsewhere after a return (once per ticket).
  'auto_routed',
  'routing_pooled',
  'auto_redispatched',
] as const;

export type DailyCounter = (typeof eventCounters)[number] | IntakeHourCounter;
export const dailyCounters: readonly DailyCounter[] = [...eventCounters, ...intakeHourCounters];
export type Counters = Record<DailyCounter, number>;

export function zeroCounters(): Counters {
  return Object.fromEntries(dailyCounters.map((c) => [c, 0])) as Counters;
}

export function addCounters(into: Counters, more: Partial<Counters>): Counters {
  for (const c of dailyCounters) into[c] += more[c] ?? 0;
  return into;
}

/** No department yet (intake before dispatch, transfers to 110): a key column cannot hold null. */
export const NO_DEPARTMENT = 0;

export interface Dims {
  day: string;
  departmentId: number;
  line: string;
  channel: string;
}

export const dimsKey = (d: Dims) => `${d.day}|${d.departmentId}|${d.line}|${d.channel}`;

/**
 * Each aggregate row is kept as up to METRIC_SHARDS rows (the `shard` key column), added up by every
 * read: at intake nearly every call counts on the same (no department, 12345, phone) rows, and one
 * row would make concurrent changes queue on its lock until each commits. A change writes the
 * shard of its ticket, id % METRIC_SHARDS: tickets are numbered in order, so calls taken at the
 * same moment land on different shards (a random pick collides more often: 5 concurrent calls on
 * 16 shards share one about half the time). A batch of intakes writes one shard, its first
 * ticket's (metrics.observer.ts), so a later change may take back on another shard what the
 * creation added: one shard's row can go below zero, and only sums over shards are ever read.
 * The shard only spreads locks: no figure depends on it.
 */
export const METRIC_SHARDS = 16;

/**
 * The row a key's shards are folded into by the compaction (metric-compaction.ts). No ticket change
 * writes it, so it holds exactly what has been compacted, and each month's rollup row holds exactly
 * the sum of that month's sealed rows: a read may take a month from either side.
 */
export const SEALED_SHARD = METRIC_SHARDS;

export const shardOf = (ticketId: number) => ((ticketId % METRIC_SHARDS) + METRIC_SHARDS) % METRIC_SHARDS;

export type DurationKind = 'accept' | 'reply';

/**
 * Durations are counted in logarithmic buckets: bucket b holds [2^(b/16), 2^((b+1)/16)) seconds,
 * bucket 0 also everything under one second. Each bucket is 4.4% wider than the one before, so a
 * percentile read as its bucket's upper bound is at most 4.4% above the exact value, never below,
 * whatever the scale (a 15-minute accept and a 15-working-day reply alike), with a fixed number
 * of buckets: the last one (bucket 400, 2^25 s ≈ 388 days) takes anything longer.
 */
export const BUCKETS_PER_DOUBLING = 16;
export const MAX_BUCKET = 400;

export function bucketOf(ms: number): number {
  const seconds = ms / 1000;
  if (seconds < 1) return 0;
  return Math.min(MAX_BUCKET, Math.floor(Math.log2(seconds) * BUCKETS_PER_DOUBLING));
}

/** The upper bound of a bucket, in seconds (rounded to the millisecond). */
export function bucketUpperSeconds(bucket: number): number {
  return Math.round(2 ** ((bucket + 1) / BUCKETS_PER_DOUBLING) * 1000) / 1000;
}

export type Histogram = Map<number, number>;

export function addToHistogram(h: Histogram, bucket: number, n: number): void {
  h.set(bucket, (h.get(bucket) ?? 0) + n);
}

/**
 * The p-th percentile by the nearest-rank method (the ceil(p·n)-th smallest duration), read as the
 * upper bound of the bucket it falls in; null with no durations.
 */
export function percentileSeconds(h: Histogram, p: number): number | null {
  const total = [...h.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = Math.ceil(p * total);
  let seen = 0;
  for (const bucket of [...h.keys()].sort((a, b) => a - b)) {
    seen += h.get(bucket) as number;
    if (seen >= rank) return bucketUpperSeconds(bucket);
  }
  return null;
}
