const UNIQUE_VIOLATION = '23505';

/** Whether a database error is the violation of the named unique constraint. */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { code?: string; constraint?: string };
  return e?.code === UNIQUE_VIOLATION && e.constraint === constraint;
}
