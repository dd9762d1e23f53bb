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

/**
 * Operations the suite may call while their success bodies are not described yet: none now. Any
 * operation the suite calls with an undescribed success body fails the run; an entry here must name
 * a real operation that is still undescribed (the check fails otherwise), so the list only shrinks.
 */
export const undescribedAllowed: readonly string[] = [];

const recorded: RecordedResponse[] = [];
let routes: readonly RouteSpec[] | null = null;
let recording = false;

/** The health probes are the API's routes served at the root as well (app.ts), where probes call them. */
const rootProbes = new Set(['/healthz', '/readyz']);

/**
 * Records every JSON answer of an API route during the run, errors included (Express's res.json,
 * patched once), so that the root hook can check each against the OpenAPI document: the document
 * cannot drift from what the server really answers without the suite failing. Errors are sent by the
 * app's error handler after the router is left, so the request's address says whether it was the
 * API's; the route Express matched stays on the request.
 */
export function startRecording(): void {
  if (recording) return;
  recording = true;
  const original = express.response.json;
  express.response.json = function (this: express.Response, body: unknown) {
    const req = this.req;
    const path = req.originalUrl.split('?')[0];
    if (req.route?.path && (path.startsWith('/api/v1/') || rootProbes.has(path))) {
      recorded.push({ method: req.method.toLowerCase(), routePath: req.route.path as string, status: this.statusCode, body });
    }
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

type Operation = { responses: Record<string, { content?: Record<string, { schema: Schema }> }> };

/** The JSON schema of an operation's success body, or null when the document leaves it empty. */
function describedSuccess(op: Operation): Schema | null {
  const ok = Object.keys(op.responses).find((status) => status.startsWith('2'));
  const schema = ok && op.responses[ok].content?.['application/json']?.schema;
  return schema && Object.keys(schema).length ? schema : null;
}

/**
 * Checks answers against the document built from `routeSpecs`: each status must be documented for
 * its operation, each body must match the documented schema, and each success body must be
 * described unless its operation is in `allowed` (which must name undescribed operations only).
 * Returns the problems (empty when all hold), which operations were seen, and the allowed ones seen.
 */
export function checkResponses(routeSpecs: readonly RouteSpec[], responses: readonly RecordedResponse[], allowed: readonly string[] = undescribedAllowed) {
  const doc = buildOpenApiDocument(routeSpecs, 'test') as unknown as { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
  const ajv = new Ajv2020({ strict: false, allErrors: false });
  addFormats.default(ajv);
  const compiled = new Map<string, ReturnType<typeof ajv.compile> | null>();
  const problems = new Set<string>();
  const seen = new Set<string>();
  const undescribed = new Set<string>();

  for (const name of allowed) {
    const [method, path] = name.split(' ');
    const op = doc.paths[path]?.[method.toLowerCase()];
    if (!op) problems.add(`${name}: in undescribedAllowed but not in the document`);
    else if (describedSuccess(op)) problems.add(`${name}: its success body is described now; remove it from undescribedAllowed`);
  }

  // A 500 is a fault a test injected on purpose (anything else is a bug its test fails on): the
  // document promises none, so it is not checked against it.
  for (const r of responses.filter((x) => x.status !== 500)) {
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
      if (r.status < 300) {
        if (allowed.includes(name)) undescribed.add(name);
        else problems.add(`${name}: answered ${r.status} but its success body is not described (name the route's response schema)`);
      }
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
