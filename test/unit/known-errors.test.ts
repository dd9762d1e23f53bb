import { expect } from 'chai';
import { isDependencyDown, knownError } from '../../src/http/known-errors';

/** pg's error as knex rethrows it: the failed statement in front of pg's message. */
const knexError = (sql: string, message: string) => Object.assign(new Error(`${sql} - ${message}`), { code: undefined });

describe('which errors mean a dependency is down (503 + Retry-After, not 500)', () => {
  it('when PostgreSQL goes away mid-query, then pg’s message counts whether knex put the statement in front of it or not', () => {
    // Seen in the fault suite while PostgreSQL was stopped under load: these were answered 500.
    expect(isDependencyDown(knexError('ROLLBACK', 'Connection terminated unexpectedly'))).to.equal(true);
    expect(isDependencyDown(knexError('select * from "tickets" where ("idempotency_scope", "idempotency_key") in (($1, $2))', 'Connection terminated unexpectedly'))).to.equal(true);
    expect(isDependencyDown(new Error('Connection terminated unexpectedly'))).to.equal(true);
    expect(isDependencyDown(knexError('COMMIT;', 'Client has encountered a connection error and is not queryable'))).to.equal(true);
    expect(isDependencyDown(knexError('select 1', 'Client was closed and is not queryable'))).to.equal(true);
    expect(knownError(knexError('ROLLBACK', 'Connection terminated unexpectedly'))?.status).to.equal(503);
  });

  it('when PostgreSQL refuses or shuts down connections, then the codes count', () => {
    expect(isDependencyDown(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).to.equal(true);
    expect(isDependencyDown(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).to.equal(true);
    expect(isDependencyDown(Object.assign(new Error('connection failure'), { code: '08006' }))).to.equal(true);
  });

  it('when the error is the request’s or the code’s own, then it is not mistaken for an outage', () => {
    expect(isDependencyDown(Object.assign(new Error('duplicate key value violates unique constraint "tickets_ticket_no_unique"'), { code: '23505' }))).to.equal(false);
    // A statement that merely mentions the words is not an outage: only pg's message after " - " is.
    expect(isDependencyDown(new Error('insert into "notes" ("text") values (\'Connection terminated by the caller\') - value too long for type character varying(10)'))).to.equal(false);
    expect(isDependencyDown(new TypeError("Cannot read properties of undefined (reading 'id')"))).to.equal(false);
    expect(knownError(new TypeError('boom'))).to.equal(null);
  });
});
