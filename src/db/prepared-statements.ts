import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

/**
 * Statements the process runs again and again are prepared once per connection, so PostgreSQL
 * stops planning them anew each time. Planning was 35% of PostgreSQL's statement time in a simulated
 * day (13.0 s of 36.6 s; docs/PERFORMANCE.md): `tickets` has ~30 indexes, and even a lookup by id
 * costs ~0.3 ms of planning against ~0.1 ms of running.
 *
 * Bounded: a statement is prepared once it has been seen HOT_AFTER times, and at most MAX_PREPARED
 * texts are (each is kept by every pooled connection and its backend). Batch statements (more than
 * MAX_PARAMETERS parameters) are not: their text changes with their row count, so they would fill
 * the room with variants, and planning is a small part of their cost. Statements without parameters
 * (migrations, several commands in one string) are never prepared: the protocol for prepared
 * statements takes one command.
 */
const HOT_AFTER = 3;
const MAX_PREPARED = 200;
const MAX_COUNTED = 5_000;
const MAX_PARAMETERS = 16;

/**
 * PostgreSQL refuses a prepared `select *` whose table gained or lost columns since it was prepared
 * (SQLSTATE 0A000, which other refusals share: the message tells this one apart).
 */
function resultTypeChanged(err: unknown): boolean {
  const { code, message } = err as { code?: string; message?: string };
  return code === '0A000' && message?.includes('cached plan must not change result type') === true;
}

interface QueryObject {
  sql?: string;
  bindings?: unknown[];
  options?: Record<string, unknown>;
}

/** knex's own PostgreSQL client (the class behind `client: 'pg'`). */
const PgClient = require('knex/lib/dialects/postgres') as new (config: Knex.Config) => { config: Knex.Config; _query(connection: unknown, obj: QueryObject): Promise<unknown> };

/** Which statements a database handle has seen and prepared: shared by its transactions' clients, which share its config. */
class Statements {
  private seen = new Map<string, number>();
  private names = new Map<string, string>();
  // A new generation names every statement anew: connections that prepared the old text under the
  // old name prepare it again, so a table's new shape is seen by all of them.
  private generation = 0;

  nameFor(sql: string): string | undefined {
    const known = this.names.get(sql);
    if (known) return known;
    if (this.names.size >= MAX_PREPARED) return undefined;
    const n = (this.seen.get(sql) ?? 0) + 1;
    if (n < HOT_AFTER) {
      if (this.seen.size >= MAX_COUNTED) this.seen.clear();
      this.seen.set(sql, n);
      return undefined;
    }
    this.seen.delete(sql);
    const name = `k${this.generation}_${createHash('sha1').update(sql).digest('base64url')}`;
    this.names.set(sql, name);
    return name;
  }

  forgetAll(): void {
    this.generation++;
    this.names.clear();
  }
}

const statementsOf = new WeakMap<object, Statements>();

/**
 * The `client` for knexFactory. A subclass rather than a patch of one handle, because knex makes each
 * transaction's client from the class's prototype.
 */
export class PreparingPgClient extends PgClient {
  override async _query(connection: unknown, obj: QueryObject): Promise<unknown> {
    let statements = statementsOf.get(this.config);
    if (!statements) statementsOf.set(this.config, (statements = new Statements()));
    const parameters = obj.bindings?.length ?? 0;
    const name = obj.sql && parameters > 0 && parameters <= MAX_PARAMETERS && !obj.options?.name ? statements.nameFor(obj.sql) : undefined;
    if (!name) return super._query(connection, obj);
    // knex reads the answer from the object it passed, so the name goes onto that object.
    obj.options = { ...obj.options, name };
    try {
      return await super._query(connection, obj);
    } catch (err) {
      if (!resultTypeChanged(err)) throw err;
      statements.forgetAll();
      delete obj.options.name;
      // Outside a transaction the statement simply runs again; inside one, the failure has ended
      // the transaction, and its caller hears of the first error (the next attempt is prepared anew).
      return super._query(connection, obj).catch(() => Promise.reject(err));
    }
  }
}
