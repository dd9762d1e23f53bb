import type { RequestHandler } from 'express';
import { ValidationError, type FieldProblem } from '../shared/errors';

const MESSAGE = 'must not contain a NUL character (\\u0000)';

/** Every string in a parsed query or body that holds a NUL character, by its field path. */
export function nulProblems(value: unknown, at = ''): FieldProblem[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [{ field: at || '(body)', message: MESSAGE }] : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => nulProblems(v, at ? `${at}.${key}` : key));
}

function pathHasNul(path: string): boolean {
  try {
    return decodeURIComponent(path).includes('\u0000');
  } catch {
    return false; // a malformed escape is the router's to refuse
  }
}

const nulError = (problems: FieldProblem[]) => new ValidationError('Text must not contain NUL characters', problems);

/** Throws the 400 naming every field of `value` that holds a NUL character. */
export function refuseNul(value: unknown): void {
  const problems = nulProblems(value);
  if (problems.length) throw nulError(problems);
}

/**
 * PostgreSQL's text cannot hold a NUL character, so any that arrives would fail deep in a query as a
 * 500. Refused here, for every route at once, as the 400 of the field that carries it. Mounted after
 * the body parser; a router that parses its body later (Open311's form) calls `refuseNul` itself.
 */
export const rejectNulCharacters: RequestHandler = (req, _res, next) => {
  const problems = [...(pathHasNul(req.path) ? [{ field: '(path)', message: MESSAGE }] : []), ...nulProblems(req.query), ...nulProblems(req.body)];
  next(problems.length ? nulError(problems) : undefined);
};
