import type { Request } from 'express';
import type { z, ZodType } from 'zod';
import { ValidationError, type FieldProblem } from '../shared/errors';
import { zodProblems } from '../shared/zod-problems';

/**
 * What a route accepts, declared once: the router parses each part before the handler runs, and the
 * OpenAPI document describes the same schemas. `params` and `headers` are one schema per name; a
 * path parameter's problem is named by its schema's description (`ticket reference`) or its name,
 * a header's as `<Name> header`.
 */
export interface RouteSchemas {
  params?: Record<string, ZodType>;
  query?: ZodType;
  body?: ZodType;
  headers?: Record<string, ZodType>;
}

type Each<T> = T extends Record<string, ZodType> ? { [K in keyof T]: z.output<T[K]> } : Record<string, never>;
type Output<T> = T extends ZodType ? z.output<T> : undefined;

/** The parsed parts, typed by the route's declaration; an undeclared part is empty. */
export interface RouteInput<S extends RouteSchemas> {
  params: Each<S['params']>;
  query: Output<S['query']>;
  body: Output<S['body']>;
  headers: Each<S['headers']>;
}

/** A path parameter's name in a 400: what it is (its description), else its name. */
export const paramLabel = (name: string, schema: ZodType) => schema.description ?? name;

interface Part {
  label: string;
  problems: FieldProblem[];
}

function parseEach(schemas: Record<string, ZodType>, raw: (name: string) => unknown, label: (name: string, schema: ZodType) => string, failed: Part[]) {
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    const result = schema.safeParse(raw(name));
    if (result.success) out[name] = result.data;
    else failed.push({ label: label(name, schema), problems: zodProblems(result.error, label(name, schema)) });
  }
  return out;
}

function parseWhole(schema: ZodType | undefined, raw: unknown, what: string, failed: Part[]): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  failed.push({ label: what, problems: zodProblems(result.error, what) });
  return undefined;
}

/**
 * Parses every declared part of a request. All failing fields of all parts go into one 400, so a
 * client fixing a request sees everything wrong with it at once (not the query's problems first,
 * then the body's).
 */
export function parseRequest<S extends RouteSchemas>(schemas: S, req: Request): RouteInput<S> {
  const failed: Part[] = [];
  const input = {
    params: parseEach(schemas.params ?? {}, (name) => req.params[name], paramLabel, failed),
    headers: parseEach(schemas.headers ?? {}, (name) => req.get(name), (name) => `${name} header`, failed),
    query: parseWhole(schemas.query, req.query, 'query', failed),
    // No body at all reads as an empty object, so that each required field is named.
    body: parseWhole(schemas.body, req.body ?? {}, 'body', failed),
  };
  if (failed.length) {
    throw new ValidationError(failed.length === 1 ? `Invalid ${failed[0].label}` : 'Invalid input', failed.flatMap((p) => p.problems));
  }
  return input as RouteInput<S>;
}
