import type { Db } from '../../src/db/knex';

/** What `work` answers, and the SQL of every statement sent through `db` while it ran (for "in one statement" checks). */
export async function statementsDuring<T>(db: Db, work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const seen = (q: { sql: string }) => void statements.push(q.sql);
  db.on('query', seen);
  try {
    return { result: await work(), statements };
  } finally {
    db.off('query', seen);
  }
}
