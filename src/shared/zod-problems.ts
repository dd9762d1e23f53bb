import type { ZodError, ZodType } from 'zod';
import { ValidationError, type FieldProblem } from './errors';

/**
 * The one mapper of zod issues to field problems (the router, the error handler, Open311, the CLI).
 * Every failing field by name. An unknown key is named itself (strict objects report them all in
 * one issue); a problem with the whole value is named after what was parsed (`ticket reference`).
 */
export function zodProblems(error: ZodError, what = 'body'): FieldProblem[] {
  return error.issues.flatMap((issue): FieldProblem[] => {
    const at = issue.path.join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: at ? `${at}.${key}` : key, message: `unknown field ${key}`, code: issue.code }));
    }
    return [{ field: at || (what === 'body' ? '(body)' : what), message: issue.message, code: issue.code }];
  });
}

/**
 * Parses input that is not an HTTP request's (an admin command's arguments): a 400-style
 * ValidationError names every failing field. HTTP routes declare their schemas instead and the
 * router parses them (http/api-router.ts).
 */
export function parseInput<T>(schema: ZodType<T>, input: unknown, what = 'body'): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ValidationError(`Invalid ${what}`, zodProblems(result.error, what));
  }
  return result.data;
}
