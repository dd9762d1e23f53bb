import { Validator } from '@seriousme/openapi-schema-validator';
import { expect } from 'chai';
import request from 'supertest';
import { openApiPath } from '../../src/http/openapi';
import { harness, type Harness } from '../support/harness';
import { checkResponses, undescribedAllowed } from '../support/response-recorder';

/** Every route Express actually answers under /api/v1, read from the built router's own stack. */
function registeredRoutes(h: Harness): string[] {
  const stack = (h.api.build() as unknown as { stack: { route?: { path: string; methods: Record<string, boolean> } }[] }).stack;
  return stack.flatMap((layer) => (layer.route ? Object.keys(layer.route.methods).map((m) => `${m} ${openApiPath(layer.route!.path)}`) : [])).sort();
}

describe('the OpenAPI document (/api/openapi.json) and the docs (/api/docs)', () => {
  let h: Harness;
  let doc: { openapi: string; paths: Record<string, Record<string, { requestBody?: unknown; parameters: { name: string; in: string }[] }>> };

  before(async () => {
    h = await harness();
    const res = await request(h.app).get('/api/openapi.json');
    expect(res.status).to.equal(200);
    doc = res.body;
  });

  it('then it is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(doc as never);
    expect(result.valid, JSON.stringify(result.errors, null, 1)?.slice(0, 2000)).to.equal(true);
    expect(doc.openapi).to.equal('3.1.0');
  });

  it('then every route the app registers is in the document, and every documented operation is a route', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`)).sort();
    expect(documented).to.deep.equal(registeredRoutes(h));
  });

  it('then every route that reads a body or a query names the zod schema it parses with', () => {
    for (const route of h.api.routes) {
      const source = route.handle.toString();
      if (source.includes('req.body')) expect(route.schemas?.body, `${route.method} ${route.path} body`).to.not.equal(undefined);
      if (source.includes('req.query')) expect(route.schemas?.query, `${route.method} ${route.path} query`).to.not.equal(undefined);
    }
  });

  it('when a client reads the ticket creation operation, then it sees the contract fields and who may call it', () => {
    const create = doc.paths['/tickets'].post as unknown as { requestBody: { content: Record<string, { schema: { properties: object; required: string[] } }> }; description: string };
    const schema = create.requestBody.content['application/json'].schema;
    expect(schema.properties).to.include.keys('line', 'channel', 'type', 'description', 'citizen', 'location', 'answeredOnSpot');
    expect(schema.required).to.include.members(['line', 'channel', 'type', 'description']);
    expect(create.description).to.contain('operator');
  });

  it('when someone opens /api/docs, then Swagger UI is served from this server, not a CDN', async () => {
    const page = await request(h.app).get('/api/docs');
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('/api/docs/assets/swagger-ui-bundle.js').and.not.match(/https?:\/\//);
    const bundle = await request(h.app).get('/api/docs/assets/swagger-ui-bundle.js');
    expect(bundle.status).to.equal(200);
    expect(bundle.text.length).to.be.greaterThan(100_000);
  });

  it('when a real answer is checked against the document, then it matches; when a body or a status drifts from it, then the check names the operation', async () => {
    const me = await request(h.app).post('/api/v1/auth/login').send({ username: 'nobody-here', password: 'x' });
    expect(me.status).to.equal(401);
    const real = { method: 'post', routePath: '/auth/login', status: me.status, body: me.body };
    expect(checkResponses(h.api.routes, [real]).problems).to.deep.equal([]);
    const drifted = checkResponses(h.api.routes, [
      { method: 'get', routePath: '/auth/me', status: 200, body: { user: { id: 'seven', username: 'u', role: 'admin', departmentId: 1 } } },
      { method: 'get', routePath: '/auth/me', status: 418, body: {} },
    ]).problems;
    expect(drifted).to.have.length(2);
    expect(drifted[0]).to.contain('GET /auth/me 200');
    expect(drifted[1]).to.contain('status 418 is not documented');
  });

  it('then the operations the run may leave undescribed are real operations still undescribed, and every other JSON success body is described', () => {
    expect(checkResponses(h.api.routes, [], undescribedAllowed).problems).to.deep.equal([]);
    const ops = doc.paths as unknown as Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>>;
    for (const [path, methods] of Object.entries(ops)) {
      for (const [method, op] of Object.entries(methods)) {
        const name = `${method.toUpperCase()} ${path}`;
        const json = Object.entries(op.responses).find(([status]) => status.startsWith('2'))?.[1].content?.['application/json'];
        if (json && !undescribedAllowed.includes(name)) expect(Object.keys(json.schema), name).to.not.have.length(0);
      }
    }
  });

  it('then every route that reads an Idempotency-Key declares it, and both ticket creations answer 200 with the same body on a replay', () => {
    for (const route of h.api.routes) {
      // The router parses (and the document shows) the headers a route declares: none reads one raw.
      expect(route.handle.toString(), `${route.method} ${route.path}`).to.not.match(/req\.(get|header)\(\s*['"]idempotency-key|req\.headers\[\s*['"]idempotency-key/i);
    }
    for (const path of ['/tickets', '/public/tickets']) {
      const create = doc.paths[path].post as unknown as { parameters: { name: string; in: string }[]; responses: Record<string, { content: object }> };
      expect(create.parameters.find((p) => p.name === 'Idempotency-Key'), path).to.include({ in: 'header', required: false });
      expect(create.responses['200'].content, path).to.deep.equal(create.responses['201'].content);
    }
  });

  it('then each error status is documented where it can happen: 400 where a path parameter or input is parsed, 410 for a used survey link, 429 only behind a rate limit, downloads as files', () => {
    const statuses = (path: string, method = 'get') => Object.keys((doc.paths[path][method] as unknown as { responses: object }).responses);
    expect(statuses('/tickets/{ref}')).to.include.members(['400', '401', '403', '404', '503']);
    expect(statuses('/public/surveys/{token}')).to.include.members(['404', '410', '429']);
    expect(statuses('/public/surveys/{token}', 'post')).to.include.members(['400', '404', '410', '413', '415', '429']);
    expect(statuses('/public/tickets', 'post')).to.include.members(['400', '409', '413', '415', '429']);
    expect(statuses('/auth/login', 'post')).to.include('429');
    expect(statuses('/departments')).to.deep.equal(['200', '401', '503']);
    expect(statuses('/healthz')).to.deep.equal(['200', '401', '503']);
    const csv = doc.paths['/exports/tickets.csv'].get as unknown as { responses: Record<string, { content: object }> };
    expect(csv.responses['200'].content).to.have.keys('text/csv');
  });

  it('then ticket creation declares its Idempotency-Key header and its 201, 200 (replay), 413, 415 and 503 answers', () => {
    const create = doc.paths['/tickets'].post as unknown as { parameters: { name: string; in: string }[]; responses: Record<string, unknown> };
    expect(create.parameters.find((p) => p.name === 'Idempotency-Key')).to.include({ in: 'header', required: false });
    expect(create.responses).to.include.keys('201', '200', '400', '401', '403', '413', '415', '503');
  });
});
