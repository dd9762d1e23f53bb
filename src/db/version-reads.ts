import { createBatcher } from '../shared/batcher';
import type { Db } from './knex';

/**
 * Reference data kept in memory (the category catalogue, the routing rules, the routing model, the
 * SLA policies and calendar) is re-read only when its version changed, and each cache asks for its
 * version before each use: a routing batch asked four times, four round trips before it could
 * decide (a socket write each, on this project's machines the dearest thing a statement costs:
 * docs/PERFORMANCE.md). Versions asked for together are read as the columns of one SELECT, batched
 * like the tickets' reads by id (shared/batcher.ts).
 *
 * Each owner keeps its own SQL (a scalar expression). A read joins only a statement not yet sent,
 * so its answer was read after it was asked for: a change committed before the ask is always seen.
 * If the statement fails, every read in it fails with its error, as each would have alone.
 */
const VERSION_BATCH = { maxBatch: 50, maxInFlight: 2 };

const batchers = new WeakMap<Db, ReturnType<typeof createVersionBatcher>>();

function createVersionBatcher(db: Db) {
  return createBatcher(async (expressions: string[]): Promise<(string | null)[]> => {
    const distinct = [...new Set(expressions)];
    const { rows } = await db.raw(`select ${distinct.map((e, i) => `(${e}) as v${i}`).join(', ')}`);
    return expressions.map((e) => (rows[0][`v${distinct.indexOf(e)}`] as string | null) ?? null);
  }, VERSION_BATCH);
}

/** The value of `expression` (a scalar SQL expression naming its own tables) read now, with the others asked for alongside. */
export function readVersion(db: Db, expression: string): Promise<string | null> {
  let batcher = batchers.get(db);
  if (!batcher) batchers.set(db, (batcher = createVersionBatcher(db)));
  return batcher.submit(expression);
}
