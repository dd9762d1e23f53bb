import type { RequestHandler } from 'express';
import { ValidationError, type FieldProblem } from '../shared/errors';

const NUL_MESSAGE = 'must not contain a NUL character (\\u0000)';
const SURROGATE_MESSAGE = 'must be valid Unicode text (no lone surrogate)';
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Deeper than any body a route accepts (a ticket is 3 levels); the walk below stops there. */
export const MAX_DEPTH = 32;

/**
 * Every string in a parsed query or body that PostgreSQL cannot store, by its field path: a NUL
 * character (text cannot hold one), or a lone UTF-16 surrogate such as "\ud800" (valid in JSON,
 * refused by jsonb, and mangled into U+FFFD by text). Walked without recursion, and only to
 * MAX_DEPTH: a body nested thousands deep must be a 400, not a stack overflow.
 */
export function textProblems(value: unknown): FieldProblem[] | 'too-deep' {
  const problems: FieldProblem[] = [];
  const stack: { value: unknown; at: string; depth: number }[] = [{ value, at: '', depth: 0 }];
  while (stack.length) {
    const { value: v, at, depth } = stack.pop() as (typeof stack)[number];
    if (typeof v === 'string') {
      if (v.includes('\u0000')) problems.push({ field: at || '(body)', message: NUL_MESSAGE });
      else if (LONE_SURROGATE.test(v)) problems.push({ field: at || '(body)', message: SURROGATE_MESSAGE });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_DEPTH) return 'too-deep';
    const entries = Object.entries(v);
    for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i][1], at: at ? `${at}.${entries[i][0]}` : entries[i][0], depth: depth + 1 });
  }
  return problems;
}

function pathProblems(path: string): FieldProblem[] {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return [{ field: '(path)', message: 'malformed percent-escape' }];
  }
  if (decoded.includes('\u0000')) return [{ field: '(path)', message: NUL_MESSAGE }];
  return [];
}

/** The 400 for a value: every field PostgreSQL could not store, or the nesting. */
function refusal(problems: FieldProblem[] | 'too-deep', path: FieldProblem[] = []): ValidationError | undefined {
  if (problems === 'too-deep') return new ValidationError(`The input is nested more than ${MAX_DEPTH} levels deep`, [{ field: '(body)', message: 'nested too deep' }], 'TOO_DEEP');
  const all = [...path, ...problems];
  if (!all.length) return undefined;
  if (path.some((p) => p.message === 'malformed percent-escape')) return new ValidationError('The path holds a malformed percent-escape', path, 'MALFORMED_PATH');
  return new ValidationError('Text must be valid Unicode without NUL characters', all);
}

/** Throws the 400 naming every field of `value` that PostgreSQL could not store. */
export function refuseNul(value: unknown): void {
  const error = refusal(textProblems(value));
  if (error) throw error;
}

/**
 * Text PostgreSQL cannot store would fail deep in a query as a 500: refused here, for every route
 * at once, as the 400 of the field that carries it. Mounted after the body parser; a router that
 * parses its body later (Open311's form) calls `refuseNul` itself.
 */
export const rejectNulCharacters: RequestHandler = (req, _res, next) => {
  const query = textProblems(req.query);
  const body = textProblems(req.body);
  const combined = query === 'too-deep' || body === 'too-deep' ? 'too-deep' : [...query, ...body];
  next(refusal(combined, pathProblems(req.path)));
};
