import { expect } from 'chai';
import { z } from 'zod';
import type { RouteSpec } from '../../src/http/api-router';
import { checkResponses } from '../support/response-recorder';

/** Made-up routes: one whose success body is described, one whose body is not. */
const handle = async () => undefined;
const routes: RouteSpec[] = [
  { method: 'get', path: '/widgets/:id', access: { public: true }, summary: 'a described widget', response: z.object({ id: z.number().int() }), handle },
  { method: 'get', path: '/gadgets', access: { public: true }, summary: 'an undescribed list', handle },
  { method: 'post', path: '/gadgets', access: { roles: ['admin'] }, summary: 'an undescribed creation', schemas: { body: z.object({}) }, successStatus: 201, handle },
];
const gadgets = { method: 'get', routePath: '/gadgets', status: 200, body: { gadgets: [] } };

describe('the response check of the suite (test/support/response-recorder.ts)', () => {
  it('when the suite called a route whose success body the document does not describe, then the check fails naming it', () => {
    const { problems } = checkResponses(routes, [gadgets], []);
    expect(problems).to.have.length(1);
    expect(problems[0]).to.contain('GET /gadgets').and.contain('not described');
  });

  it('when that route is allowed while its description is written elsewhere, then it passes and is listed as still undescribed', () => {
    const { problems, undescribed } = checkResponses(routes, [gadgets], ['GET /gadgets']);
    expect(problems).to.deep.equal([]);
    expect(undescribed).to.deep.equal(['GET /gadgets']);
  });

  it('when an allowed route is described by now, or is no route at all, then the check fails until the entry is removed', () => {
    const { problems } = checkResponses(routes, [], ['GET /widgets/{id}', 'GET /nowhere', 'POST /gadgets']);
    expect(problems).to.have.length(2);
    expect(problems[0]).to.contain('GET /widgets/{id}').and.contain('remove it');
    expect(problems[1]).to.contain('GET /nowhere').and.contain('not in the document');
  });

  it('when a described body matches, then it passes; when it drifts from its schema, or an error status is not documented, then each fails', () => {
    expect(checkResponses(routes, [{ method: 'get', routePath: '/widgets/:id', status: 200, body: { id: 7 } }], []).problems).to.deep.equal([]);
    const { problems } = checkResponses(
      routes,
      [
        { method: 'get', routePath: '/widgets/:id', status: 200, body: { id: 'seven' } },
        { method: 'get', routePath: '/widgets/:id', status: 410, body: { error: { code: 'GONE', message: 'gone', details: [] } } },
        { method: 'get', routePath: '/widgets/:id', status: 404, body: { error: { code: 'NOT_FOUND' } } },
      ],
      [],
    );
    expect(problems).to.have.length(3);
    expect(problems[0]).to.contain('GET /widgets/{id} 200');
    expect(problems[1]).to.contain('status 410 is not documented');
    expect(problems[2]).to.contain('GET /widgets/{id} 404');
  });
});
