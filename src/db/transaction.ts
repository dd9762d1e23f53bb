import type { Db, Tx } from './knex';

export type Transact = <T>(work: (tx: Tx) => Promise<T>) => Promise<T>;

export function createTransact(db: Db): Transact {
  return (work) => db.transaction(work);
}
