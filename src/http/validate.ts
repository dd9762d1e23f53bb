import type { ZodError, ZodType } from 'zod';
import { ValidationError, type FieldProblem } from '../shared/errors';

export function zodProblems(error: ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.join('.') : '(body)',
    message: issue.message,
  }));
}

/** Parses input at the HTTP edge; every failing field is named in the 400. */
export function parseInput<T>(schema: ZodType<T>, input: unknown, what = 'body'): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ValidationError(`Invalid ${what}`, zodProblems(result.error));
  }
  return result.data;
}
