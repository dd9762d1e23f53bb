/**
 * Natural batching: items submitted while earlier batches are being written wait and go together in
 * the next one. A lone item is written at once (no timer, no added latency when traffic is light);
 * under load each batch carries what arrived during the previous one, so per-batch costs (a
 * transaction, its commit, a round trip per table) are shared by many requests.
 */
export interface BatcherOptions {
  /** Most items in one batch. */
  maxBatch: number;
  /** Batches being written at the same time (each holds a database connection). */
  maxInFlight: number;
}

/**
 * `write` answers for every item of a batch, in order: a value, or the Error that item failed with.
 * If it throws, every item of that batch fails with that error.
 */
export type BatchWriter<I, O> = (items: I[]) => Promise<(O | Error)[]>;

export function createBatcher<I, O>(write: BatchWriter<I, O>, opts: BatcherOptions) {
  interface Waiting {
    item: I;
    resolve(value: O): void;
    reject(err: unknown): void;
  }
  let queue: Waiting[] = [];
  let inFlight = 0;

  function pump(): void {
    while (inFlight < opts.maxInFlight && queue.length) {
      const batch = queue.slice(0, opts.maxBatch);
      queue = queue.slice(batch.length);
      inFlight++;
      write(batch.map((w) => w.item))
        .then(
          (results) => batch.forEach((w, i) => (results[i] instanceof Error ? w.reject(results[i]) : w.resolve(results[i] as O))),
          (err) => batch.forEach((w) => w.reject(err)),
        )
        .finally(() => {
          inFlight--;
          pump();
        });
    }
  }

  return {
    submit(item: I): Promise<O> {
      return new Promise<O>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        // Let the requests whose bytes arrived in the same turn of the event loop join this one.
        if (queue.length === 1) setImmediate(pump);
      });
    },
  };
}
