import { closeHarness, prepareTestDatabase } from './support/harness';
import { checkRecordedResponses, startRecording } from './support/response-recorder';

/**
 * Root hooks: one fresh test database per run (never the `hotline` database), migrated and loaded
 * with the reference data; integration tests then make their own records with the factories.
 */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(120_000);
    await prepareTestDatabase();
    startRecording();
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(120_000);
    const closing = Date.now();
    await closeHarness();
    const closed = Date.now() - closing;
    // Every JSON answer the suite received must match the OpenAPI document (status and body), and
    // every success body must be described there (response-recorder.ts names the few still allowed).
    const { checked, operations, undescribed } = checkRecordedResponses();
    if (checked) {
      process.stdout.write(`\n  OpenAPI: ${checked} responses of ${operations} operations match the document (harness closed in ${closed} ms)`);
      process.stdout.write(undescribed.length ? `; success bodies still being described elsewhere (undescribedAllowed): ${undescribed.join(', ')}\n` : '\n');
    }
  },
};
