import { z } from 'zod';

// Re-exported for code written before routes declared their schemas; routes must not call parseInput.
export { parseInput, zodProblems } from '../shared/zod-problems';

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
