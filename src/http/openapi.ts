import { z, type ZodType } from 'zod';
import type { Access } from '../shared/principal';
import type { RouteSpec } from './api-router';

type JsonSchema = Record<string, unknown>;

/**
 * zod → JSON Schema 2020-12, which OpenAPI 3.1 uses as is: input shapes for what a client sends,
 * output shapes for what the server answers.
 */
function jsonSchema(schema: ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      properties: { code: { type: 'string', examples: ['VALIDATION_FAILED'] }, message: { type: 'string' }, details: { type: 'array', items: {} } },
    },
  },
};

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

function security(access: Access) {
  if ('public' in access) return [];
  if ('partnersOnly' in access) return [{ apiKey: [] }];
  return access.partners ? [{ bearer: [] }, { apiKey: [] }] : [{ bearer: [] }];
}

function who(access: Access): string {
  if ('public' in access) return 'anyone (no login)';
  if ('partnersOnly' in access) return 'partner systems (X-Api-Key)';
  return `${access.roles.join(', ')}${access.partners ? ', partner systems' : ''}`;
}

/** Downloads are named by their format (`/exports/tickets.csv`); every other route answers JSON. */
const downloads: Record<string, { type: string; schema: JsonSchema }> = {
  csv: { type: 'text/csv', schema: { type: 'string' } },
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', schema: { contentMediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } },
};

function successContent(route: RouteSpec) {
  const download = downloads[route.path.split('.').pop() as string];
  if (download) return { [download.type]: { schema: download.schema } };
  return { 'application/json': { schema: route.response ? jsonSchema(route.response, 'output') : {} } };
}

const hasInput = (route: RouteSpec) => Object.values(route.schemas ?? {}).some((part) => part !== undefined);

/** Express path `/tickets/:ref/survey` → OpenAPI path `/tickets/{ref}/survey`. */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z_]+)/g, '{$1}');

/** Each declared path parameter or header, described by the schema the router parses it with. */
function namedParams(where: 'path' | 'header', schemas: Record<string, ZodType> = {}) {
  return Object.entries(schemas).map(([name, schema]) => {
    const { description, ...rest } = jsonSchema(schema);
    return { name, in: where, required: where === 'path' || !schema.safeParse(undefined).success, ...(description !== undefined && { description }), schema: rest };
  });
}

function operation(route: RouteSpec) {
  const pathParams = namedParams('path', route.schemas?.params);
  const query = route.schemas?.query ? jsonSchema(route.schemas.query) : null;
  const queryParams = Object.entries((query?.properties ?? {}) as Record<string, JsonSchema>).map(([name, schema]) => ({
    name,
    in: 'query',
    required: ((query?.required ?? []) as string[]).includes(name),
    schema,
  }));
  const ok = route.successStatus ?? 200;
  const isPublic = 'public' in route.access;
  const headerParams = namedParams('header', route.schemas?.headers);
  const success = { description: 'Success', content: successContent(route) };
  // An idempotent replay answers 200 with what the first call created.
  const replay = route.schemas?.headers?.['Idempotency-Key'] !== undefined && ok === 201;
  const hasBody = route.method !== 'get' && route.method !== 'delete';
  return {
    summary: route.summary,
    description: `Who may call it: ${who(route.access)}.`,
    operationId: `${route.method}${route.path.replace(/[/:{}-]+(\w)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
    tags: [route.path.split('/')[1] === 'admin' ? 'admin' : route.path.split('/')[1]],
    security: security(route.access),
    parameters: [...pathParams, ...queryParams, ...headerParams],
    ...(route.schemas?.body && { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.schemas.body) } } } }),
    responses: {
      [String(ok)]: ok === 204 ? { description: 'Done' } : success,
      ...(replay && { '200': { ...success, description: 'The same request again (same Idempotency-Key and body): the ticket it created' } }),
      ...(hasInput(route) && { '400': errorResponse('Bad input: every failing field is named in details') }),
      // Credentials that are present but wrong are refused on public routes too (modules/auth/authenticate.ts).
      '401': errorResponse(isPublic ? 'Credentials were sent and are invalid, expired or revoked (or wrong username or password)' : 'No or invalid credentials'),
      ...(!isPublic && { '403': errorResponse('Not allowed for this caller') }),
      ...(route.path.includes(':') && { '404': errorResponse('Not found (or not visible to the caller)') }),
      ...(route.method !== 'get' && { '409': errorResponse('State or concurrency conflict') }),
      ...(hasBody && { '413': errorResponse('The body is larger than 64 kB'), '415': errorResponse('The body is not application/json') }),
      // What runs before the access check is a rate limit (the login and public limits, app.ts).
      ...(route.before?.length && { '429': errorResponse('Rate limited (Retry-After says when to try again)') }),
      '503': errorResponse('A dependency (database or Redis) is down; nothing was half-written (Retry-After)'),
      ...Object.fromEntries(Object.entries(route.errors ?? {}).map(([status, description]) => [status, errorResponse(description)])),
    },
  };
}

/** The OpenAPI 3.1 document of /api/v1, generated from the registered routes and their zod schemas. */
export function buildOpenApiDocument(routes: readonly RouteSpec[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '12345 Citizen Service Hotline API',
      version,
      description: 'Tickets (工单) of a city 12345 hotline: intake, routing, lifecycle under statutory time limits, surveys and metrics.',
    },
    servers: [{ url: '/api/v1' }],
    paths,
    components: {
      schemas: { Error: errorSchema },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Token from POST /auth/login' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'Partner system key' },
      },
    },
  };
}
