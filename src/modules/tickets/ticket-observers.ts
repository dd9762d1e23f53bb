import type { Tx } from '../../db/knex';
import type { TicketEventRow, TicketRow } from './tickets.repository';

/**
 * A change as it is being committed: the ticket before (null on creation) and after, and the event.
 * Observers run inside the same transaction, so whatever they keep (e.g. metric aggregates) is
 * committed or rolled back together with the change: never counted for a change that did not happen.
 */
export interface TicketChangeFact {
  before: TicketRow | null;
  after: TicketRow;
  event: Omit<TicketEventRow, 'id'>;
}

export interface TicketChangeObserver {
  inTransaction(tx: Tx, fact: TicketChangeFact): Promise<void>;
  /** Several changes committed together (a batch of intakes), for an observer that can do them at once. */
  inTransactionMany?(tx: Tx, facts: TicketChangeFact[]): Promise<void>;
}

export async function notifyObservers(observers: readonly TicketChangeObserver[], tx: Tx, fact: TicketChangeFact): Promise<void> {
  for (const o of observers) await o.inTransaction(tx, fact);
}

export async function notifyObserversOfMany(observers: readonly TicketChangeObserver[], tx: Tx, facts: TicketChangeFact[]): Promise<void> {
  for (const o of observers) {
    if (o.inTransactionMany) await o.inTransactionMany(tx, facts);
    else for (const fact of facts) await o.inTransaction(tx, fact);
  }
}
