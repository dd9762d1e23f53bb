import type { Container } from '../src/container';

/**
 * Closes the surveys of citizens who declined callbacks (SPEC section 9: they are not called), as
 * the system principal `survey-worker`, every few seconds. Several worker processes may run it at
 * once: each closure goes through the ticket's version check (or the survey row's), so a survey
 * closed by one is skipped by the others.
 */
export function startSurveyWorker(c: Container, intervalMs = 5000): { stop: () => Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const pass = () => {
    running = c.surveys.closeWithoutConsent().catch((err) => c.logger.warn({ err: (err as Error).message }, 'survey worker pass failed'));
  };
  const timer = setInterval(pass, intervalMs);
  pass();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
