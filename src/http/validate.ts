import { z, type ZodError, type ZodType } from 'zod';
import { ValidationError, type FieldProblem } from '../shared/errors';

/**
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

/** Parses input at the HTTP edge; every failing field is named in the 400. */
export function parseInput<T>(schema: ZodType<T>, input: unknown, what = 'body'): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ValidationError(`Invalid ${what}`, zodProblems(result.error, what));
  }
  return result.data;
}

/**
 * The id of a row in a table keyed by `increments` (PostgreSQL integer), as it arrives in a path or a
 * query: digits only ("1e3" and "0x10" are not ids) and within the column's range, so that an id no
 * row can have is a 400 here rather than an out-of-range error in the query.
 */
export const int4IdSchema = (what: string) =>
  z
    .string()
    .regex(/^[1-9]\d{0,9}$/, `must be ${what}`)
    .transform(Number)
    .refine((n) => n <= 2_147_483_647, `must be ${what}`);

/** Admin lists page by offset: el-pagination jumps to any page, and these tables are small. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};
