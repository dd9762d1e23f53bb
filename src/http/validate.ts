import type { ZodError, ZodType } from 'zod';
import { ValidationError, type FieldProblem } from '../shared/errors';

/**
 * Every failing field by name. An unknown key is named itself (strict objects report them all in
 * one issue); a problem with the whole value is named after what was parsed (`ticket reference`).
 */
export function zodProblems(error: ZodError, what = 'body'): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    const at = issue.path.join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: at ? `${at}.${key}` : key, message: `unknown field ${key}` }));
    }
    return [{ field: at || (what === 'body' ? '(body)' : what), message: issue.message }];
  });
}

/** Parses input at the HTTP edge; every failing field is named in the 400. */
export function parseInput<T>(schema: ZodType<T>, input: unknown, what = 'body'): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ValidationError(`Invalid ${what}`, zodProblems(result.error, what));
  }
  return result.data;
}
