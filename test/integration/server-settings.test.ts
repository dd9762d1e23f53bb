// Whoever starts the system is told when the database server is set up so that the system will slow
// down as tickets accumulate (src/db/server-settings.ts): today, autovacuum off. The warning follows
// the server's real setting (off on the CI machine, on in a default PostgreSQL).
import { expect } from 'chai';
import { prepareDatabase } from '../../src/bootstrap';
import { createDb } from '../../src/db/knex';
import { testConfig } from '../support/harness';
import { capturedLogger } from '../support/log-capture';

describe('database server settings at start', () => {
  it('when autovacuum is off, then preparing the database logs a warning that says so and how to turn it on; when on, no warning', async () => {
    const config = testConfig();
    const db = createDb(config.databaseUrl, { min: 0, max: 1 });
    const autovacuum = (await db.raw('show autovacuum')).rows[0].autovacuum as string;
    await db.destroy();

    const log = capturedLogger();
    await prepareDatabase(config, log.logger, { demoAccounts: false });

    const warnings = log.entries().filter((l) => l.level === 40 && /autovacuum/.test(l.msg));
    if (autovacuum === 'off') {
      expect(warnings).to.have.length(1);
      expect(warnings[0].msg).to.include('autovacuum = on');
    } else {
      expect(warnings).to.have.length(0);
    }
  });
});
