import { closeHarness, prepareTestDatabase } from './support/harness';

/**
 * Root hooks: one fresh test database per run (never the `hotline` database), migrated and loaded
 * with the reference data; integration tests then make their own records with the factories.
 */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(120_000);
    await prepareTestDatabase();
  },
  async afterAll() {
    await closeHarness();
  },
};
