// The versions of reference data kept in memory, asked for together, are read in one statement
// (src/db/version-reads.ts). What must hold: one round trip for the reads of one turn, each its own
// answer; a read never shares a statement sent before it was asked for (it would miss a change
// committed in between); a failed statement fails each read in it.
import { expect } from 'chai';
import { createDb, type Db } from '../../src/db/knex';
import { readVersion } from '../../src/db/version-reads';
import { testConfig } from '../support/harness';
import { statementsDuring } from '../support/statements';

describe('version reads (issue 19)', () => {
  let db: Db;
  let other: Db;
  const table = `version_reads_probe_${process.pid}`;
  before(async () => {
    db = createDb(testConfig().databaseUrl, { min: 0, max: 2 });
    other = createDb(testConfig().databaseUrl, { min: 0, max: 1 });
    await db.schema.dropTableIfExists(table);
    await db.schema.createTable(table, (t) => t.increments('id'));
  });
  after(async () => {
    await db.schema.dropTableIfExists(table);
    await Promise.all([db.destroy(), other.destroy()]);
  });

  const rows = `select count(*)::text from ${table}`;

  it('when three versions are asked for at once, then one statement reads them, and each read gets its own answer', async () => {
    const { result, statements } = await statementsDuring(db, () =>
      Promise.all([readVersion(db, rows), readVersion(db, `select 'rules-7'`), readVersion(db, 'select null::text'), readVersion(db, rows)]),
    );
    expect(result).to.deep.equal(['0', 'rules-7', null, '0']);
    expect(statements, 'statements sent').to.have.length(1);
  });

  it('when a change commits while an earlier read is on its way, then a read asked for after it sees the change', async () => {
    const { result, statements } = await statementsDuring(db, async () => {
      // Its snapshot is taken when it starts; it then sleeps, so it is still running when the row commits.
      const early = readVersion(db, `select count(*)::text from ${table}, pg_sleep(0.3)`);
      await new Promise((r) => setTimeout(r, 100));
      await other(table).insert({});
      const late = readVersion(db, rows);
      return Promise.all([early, late]);
    });
    expect(result).to.deep.equal(['0', '1']);
    expect(statements, 'statements sent').to.have.length(2);
  });

  it('when the statement fails, then every read in it fails with its error', async () => {
    const outcomes = await Promise.allSettled([readVersion(db, 'select (1 / 0)::text'), readVersion(db, rows)]);
    expect(outcomes.map((o) => o.status)).to.deep.equal(['rejected', 'rejected']);
    expect(outcomes.map((o) => (o as PromiseRejectedResult).reason.message)).to.satisfy((m: string[]) => m.every((x) => x.includes('division by zero')));
    // The next read is a statement of its own and answers.
    expect(await readVersion(db, rows)).to.equal('1');
  });
});
