// Statements run again and again are prepared once per connection (src/db/prepared-statements.ts):
// PostgreSQL then stops planning them each time. What must hold: they are prepared (in transactions
// too), answers are unchanged, batches are left alone, a table that changes shape under a prepared
// `select *` does not break the next query, and statements without parameters (migrations, several
// commands) are never prepared.
import { expect } from 'chai';
import { createDb, type Db } from '../../src/db/knex';
import { testConfig } from '../support/harness';

describe('prepared statements (issue 19)', () => {
  let db: Db;
  const table = `prepared_probe_${process.pid}`;
  // One connection, so that what it has prepared is what pg_prepared_statements shows.
  before(async () => {
    db = createDb(testConfig().databaseUrl, { min: 0, max: 1 });
    await db.schema.dropTableIfExists(table);
    await db.schema.createTable(table, (t) => {
      t.increments('id');
      t.text('name');
    });
    await db(table).insert([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
  });
  after(async () => {
    await db.schema.dropTableIfExists(table);
    await db.destroy();
  });

  const prepared = async (): Promise<string[]> => (await db('pg_prepared_statements').select('statement')).map((r: { statement: string }) => r.statement);

  it('when a statement is run a few times, then the connection has it prepared, and every run answered as before', async () => {
    const names: string[] = [];
    for (const id of [1, 2, 3, 1, 2, 3]) names.push((await db(table).where({ id }).first()).name);
    expect(names).to.deep.equal(['a', 'b', 'c', 'a', 'b', 'c']);
    expect((await prepared()).filter((s) => s.includes(table) && s.includes('"id" = $1'))).to.have.length(1);
  });

  it('when a statement runs in transactions, then it is prepared too, and a rollback still undoes it', async () => {
    for (let i = 0; i < 4; i++) {
      await db
        .transaction(async (tx) => {
          await tx(table).where({ id: 1 }).update({ name: `tx${i}` });
          throw new Error('roll back');
        })
        .catch(() => undefined);
    }
    expect((await db(table).where({ id: 1 }).first()).name).to.equal('a');
    expect((await prepared()).some((s) => s.includes(`update "${table}"`))).to.equal(true);
  });

  it('when the table gains a column under a prepared "select *", then the next query answers with it instead of failing', async () => {
    const row = () => db(table).where({ id: 2 }).first();
    for (let i = 0; i < 4; i++) await row();
    await db.schema.alterTable(table, (t) => t.text('extra').defaultTo('x'));
    expect(await row()).to.deep.equal({ id: 2, name: 'b', extra: 'x' });
    expect(await row()).to.deep.equal({ id: 2, name: 'b', extra: 'x' });
  });

  it('when a statement is a batch (its text changes with its row count), then it is never prepared', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => ({ name: `batch${i}` }));
    for (let i = 0; i < 4; i++) await db(table).insert(rows);
    expect((await prepared()).some((s) => s.includes(`insert into "${table}"`))).to.equal(false);
  });

  it('when a statement has no parameters (several commands in one string, as migrations have), then it runs as before and is never prepared', async () => {
    for (let i = 0; i < 4; i++) await db.raw(`select 1 as one; select count(*) from ${table}`);
    expect((await prepared()).some((s) => s.includes('select 1 as one'))).to.equal(false);
  });
});
