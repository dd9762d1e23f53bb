// Compaction: folds the live shard rows of the aggregates into one sealed row per key, and each
// sealed day into its month's rollup (see metric-compaction.repository.ts for why it stays exact
// while tickets keep changing). Reads then add up about one row per key and day, and a month of
// days is one row per key. Idempotent and safe to run from several workers at once.
import type { Db } from '../../db/knex';
import type { Clock } from '../../shared/clock';
import { shanghaiDate } from '../../shared/shanghai-time';
import { createMetricCompactionRepository, type DayKey, type StatusKey } from './metric-compaction.repository';

export interface CompactionReport {
  dailyKeys: number;
  bucketKeys: number;
  statusKeys: number;
}

/** Every key listed (page by page, in key order) is sealed once; keys written meanwhile wait for the next pass. */
async function sealAll<K>(page: (after: K | null) => Promise<K[]>, seal: (key: K) => Promise<void>): Promise<number> {
  let sealed = 0;
  for (let after: K | null = null; ; ) {
    const keys = await page(after);
    for (const k of keys) await seal(k);
    sealed += keys.length;
    if (keys.length === 0) return sealed;
    after = keys[keys.length - 1];
  }
}

export function createMetricsCompaction(db: Db, clock: Clock) {
  const repo = createMetricCompactionRepository(db);
  return {
    /**
     * Seals every live row up to today (Shanghai), today's included: "today" is the dashboard's
     * window and the live push's, and sealing it every few minutes keeps it near one row per key.
     */
    async compact(): Promise<CompactionReport> {
      const through = shanghaiDate(clock.now());
      return {
        dailyKeys: await sealAll<DayKey>((after) => repo.dailyKeys(through, after), repo.sealDaily),
        bucketKeys: await sealAll<DayKey>((after) => repo.bucketKeys(through, after), repo.sealBuckets),
        statusKeys: await sealAll<StatusKey>((after) => repo.statusKeys(after), repo.sealStatus),
      };
    },
  };
}

export type MetricCompaction = ReturnType<typeof createMetricsCompaction>;
