import type { Container } from '../src/container';
import { startPeriodicPass } from './periodic-pass';

/**
 * Closes the surveys of citizens who declined callbacks (SPEC section 9: they are not called), as
 * the system principal `survey-worker`, every few seconds. Several worker processes may run it at
 * once: each closure goes through the ticket's version check (or the survey row's), so a survey
 * closed by one is skipped by the others.
 */
export function startSurveyWorker(c: Container, intervalMs = 5000): { stop: () => Promise<void> } {
  return startPeriodicPass(c.logger, 'survey worker pass', () => c.surveys.closeWithoutConsent(), intervalMs);
}
