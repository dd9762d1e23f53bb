import type { Tx } from '../../db/knex';
import type { TicketEventRow, TicketRow } from './tickets.repository';

/** A change as it is being committed: the ticket before (null on creation) and after, and the event. */
export interface TicketChangeFact {
  before: TicketRow | null;
  after: TicketRow;
  event: Omit<TicketEventRow, 'id'>;
}

/**
 * A side effect of every ticket change, in one or both of two named phases (STYLE.md). The
 * observers are one ordered list, registered in src/container.ts; each phase runs them in its order.
 */
export interface TicketChangeObserver {
  /**
   * Inside the change's transaction: what it keeps (aggregates, survey rows, outbox rows) is
   * committed or rolled back with the change, so nothing is counted or sent for a change that did
   * not happen. It may throw: the change then fails with it.
   */
  inTransaction?(tx: Tx, fact: TicketChangeFact): Promise<void>;
  /** Several changes committed together (a batch of intakes), for an observer that can do them at once. */
  inTransactionMany?(tx: Tx, facts: TicketChangeFact[]): Promise<void>;
  /**
   * Once the transaction committed, never after a rollback (a live push). The change is done and its
   * request answered whatever happens here, so the observer handles its own failures.
   */
  afterCommit?(fact: TicketChangeFact): void;
  /** The same for changes committed together (a batch), for an observer that does them at once. */
  afterCommitMany?(facts: TicketChangeFact[]): void;
}

/** Runs each observer's after-commit phase, in the list's order, when `tx` commits. */
function afterCommit(observers: readonly TicketChangeObserver[], tx: Tx, facts: TicketChangeFact[]): void {
  const phase = observers.filter((o) => o.afterCommit || o.afterCommitMany);
  if (!phase.length) return;
  // A failure here cannot undo the commit; an observer that did not catch its own must not stop
  // the others nor become an unhandled rejection that ends the process.
  const guarded = (work: () => void) => {
    try {
      work();
    } catch {
      // nothing more to do: the change is committed and answered
    }
  };
  tx.executionPromise.then(
    () => {
      for (const o of phase) {
        if (o.afterCommitMany) guarded(() => o.afterCommitMany!(facts));
        else for (const fact of facts) guarded(() => o.afterCommit!(fact));
      }
    },
    () => undefined,
  );
}

export async function notifyObservers(observers: readonly TicketChangeObserver[], tx: Tx, fact: TicketChangeFact): Promise<void> {
  for (const o of observers) await o.inTransaction?.(tx, fact);
  afterCommit(observers, tx, [fact]);
}

export async function notifyObserversOfMany(observers: readonly TicketChangeObserver[], tx: Tx, facts: TicketChangeFact[]): Promise<void> {
  for (const o of observers) {
    if (o.inTransactionMany) await o.inTransactionMany(tx, facts);
    else if (o.inTransaction) for (const fact of facts) await o.inTransaction(tx, fact);
  }
  afterCommit(observers, tx, facts);
}
