import { ZodError } from 'zod';
import { zodProblems } from '../../shared/zod-problems';
import { knownError } from '../../http/known-errors';
import type { FieldProblem } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import type { Open311Problem } from './open311.format';

/**
 * Any error → the Open311 error list. The specification's statuses: 404 for what does not exist,
 * 403 for a missing or wrong api_key, 400 for anything else the client must fix. Kept as they are:
 * 429 (slow down) and 503 (a dependency is down: retry later). Unexpected errors are logged and
 * answered 500, never with their message.
 */
export function open311Problems(err: unknown, logger: Logger, context: Record<string, unknown>): Open311Problem[] {
  if (err instanceof ZodError) return fieldProblems(400, zodProblems(err));
  const known = knownError(err);
  if (known) {
    const status = open311Status(known.status);
    const details = known.details as FieldProblem[];
    if (status === 400 && details.length && details.every((d) => typeof d?.field === 'string')) return fieldProblems(400, details);
    return [{ code: status, description: known.message }];
  }
  logger.error({ err, ...context }, 'unexpected error in Open311');
  return [{ code: 500, description: 'Internal server error' }];
}

function open311Status(status: number): number {
  if (status === 401 || status === 403) return 403;
  if (status === 404 || status === 429 || status >= 500) return status;
  return 400;
}

function fieldProblems(code: number, problems: FieldProblem[]): Open311Problem[] {
  return problems.map((p) => ({ code, description: p.field === '(body)' ? p.message : `${p.field}: ${p.message}` }));
}
