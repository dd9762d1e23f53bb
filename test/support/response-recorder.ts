import express from 'express';
import { Ajv2020 } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { buildOpenApiDocument, openApiPath } from '../../src/http/openapi';
import type { RouteSpec } from '../../src/http/api-router';

/** One JSON answer of /api/v1 that a test received, with the route Express matched. */
export interface RecordedResponse {
  method: string;
  routePath: string;
  status: number;
  body: unknown;
}

const recorded: RecordedResponse[] = [];
let routes: readonly RouteSpec[] | null = null;
let recording = false;

/**
 * Records every JSON answer of /api/v1 during the run (Express's res.json, patched once), so that
 * the root hook can check each against the OpenAPI document: the document cannot drift from what
 * the server really answers without the suite failing.
 */
export function startRecording(): void {
  if (recording) return;
  recording = true;
  const original = express.response.json;
  express.response.json = function (this: express.Response, body: unknown) {
    const req = this.req;
    if (req.baseUrl === '/api/v1' && req.route?.path) recorded.push({ method: req.method.toLowerCase(), routePath: req.route.path as string, status: this.statusCode, body });
    return original.call(this, body);
  };
}

/** The routes of the app under test (every harness builds the same ones). */
export function recordRoutes(r: readonly RouteSpec[]): void {
  routes ??= r;
}

export function recordedResponses(): readonly RecordedResponse[] {
  return recorded;
}

type Schema = Record<string, unknown>;

/**
 * Checks answers against the document built from `routeSpecs`: each status must be documented for
 * its operation and each body must match the documented schema. Returns the problems (empty when
 * all match) and which operations were seen, and which of them have no described success body.
 */
export function checkResponses(routeSpecs: readonly RouteSpec[], responses: readonly RecordedResponse[]) {
  const doc = buildOpenApiDocument(routeSpecs, 'test') as unknown as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>>; components: { schemas: Record<string, Schema> } };
  const ajv = new Ajv2020({ strict: false, allErrors: false });
  addFormats.default(ajv);
  const compiled = new Map<string, ReturnType<typeof ajv.compile> | null>();
  const problems = new Set<string>();
  const seen = new Set<string>();
  const undescribed = new Set<string>();

  for (const r of responses) {
    const path = openApiPath(r.routePath);
    const op = doc.paths[path]?.[r.method];
    const name = `${r.method.toUpperCase()} ${path}`;
    if (!op) {
      problems.add(`${name}: not in the document`);
      continue;
    }
    seen.add(name);
    const response = op.responses[String(r.status)];
    if (!response) {
      problems.add(`${name}: status ${r.status} is not documented`);
      continue;
    }
    let schema = response.content?.['application/json']?.schema;
    if (!schema) continue;
    if (schema.$ref === '#/components/schemas/Error') schema = doc.components.schemas.Error;
    if (Object.keys(schema).length === 0) {
      if (r.status < 300) undescribed.add(name);
      continue;
    }
    const key = `${name} ${r.status}`;
    if (!compiled.has(key)) compiled.set(key, ajv.compile(schema));
    const validate = compiled.get(key)!;
    if (!validate(r.body)) problems.add(`${key}: ${ajv.errorsText(validate.errors)}`);
  }
  return { problems: [...problems], seen: [...seen].sort(), undescribed: [...undescribed].sort() };
}

/** Run by the root hook after all tests: throws, failing the run, when an answer left the document. */
export function checkRecordedResponses(): { checked: number; operations: number; undescribed: string[] } {
  if (!routes || !recorded.length) return { checked: 0, operations: 0, undescribed: [] };
  const { problems, seen, undescribed } = checkResponses(routes, recorded);
  if (problems.length) throw new Error(`Responses that do not match the OpenAPI document:\n  ${problems.slice(0, 40).join('\n  ')}`);
  return { checked: recorded.length, operations: seen.length, undescribed };
}
