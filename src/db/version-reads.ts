import type { Db } from './knex';

/**
 * Reference data kept in memory (the category catalogue, the routing rules, the routing model, the
 * SLA policies and calendar) is re-read only when its version changed, and each cache asks for its
 * version before each use: a routing batch asked four times, four round trips before it could
 * decide (a socket write each, on this project's machines the dearest thing a statement costs:
 * docs/PERFORMANCE.md). Versions asked for in the same turn of the event loop are read here as the
 * columns of one SELECT.
 *
 * Each owner keeps its own SQL (a scalar expression). A read joins only a statement not yet sent,
 * so its answer was read after it was asked for: a change committed before the ask is always seen.
 * If the statement fails, every read in it fails with its error, as each would have alone.
 */
interface Waiting {
  expression: string;
  resolve(version: string | null): void;
  reject(err: unknown): void;
}

const queued = new WeakMap<Db, Waiting[]>();

async function readTogether(db: Db, waiting: Waiting[]): Promise<void> {
  const expressions = [...new Set(waiting.map((w) => w.expression))];
  try {
    const { rows } = await db.raw(`select ${expressions.map((e, i) => `(${e}) as v${i}`).join(', ')}`);
    for (const w of waiting) w.resolve((rows[0][`v${expressions.indexOf(w.expression)}`] as string | null) ?? null);
  } catch (err) {
    for (const w of waiting) w.reject(err);
  }
}

/** The value of `expression` (a scalar SQL expression naming its own tables) read now, with the others asked for alongside. */
export function readVersion(db: Db, expression: string): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let waiting = queued.get(db);
    if (!waiting) {
      queued.set(db, (waiting = []));
      const batch = waiting;
      // After the current turn's callbacks and promise reactions: the caches a batch checks at once
      // (Promise.all) have all asked by then.
      setImmediate(() => {
        queued.delete(db);
        void readTogether(db, batch);
      });
    }
    waiting.push({ expression, resolve, reject });
  });
}
