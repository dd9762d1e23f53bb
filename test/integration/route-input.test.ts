import { expect } from 'chai';
import request from 'supertest';
import { harness, type Harness } from '../support/harness';
import { makeUser, ticketBody, ticketsWithDescription, type TestUser } from '../support/factories';

const fields = (res: request.Response) => (res.body.error.details as { field: string }[]).map((d) => d.field);

/** Routes declare what they accept; the router parses all of it before the handler runs (issue 18). */
describe('the router parses what a route declares, before its handler runs', () => {
  let h: Harness;
  let operator: TestUser;

  before(async () => {
    h = await harness();
    operator = await makeUser(h, 'operator');
  });

  it('when a new ticket has several bad fields and a bad Idempotency-Key, then one 400 names every one of them and nothing is written', async () => {
    const description = `每个字段 ${Date.now()}`;
    const body = ticketBody({ description, channel: 'fax', urgency: 'very', priority: 'high', citizen: { phone: '12' } });
    delete (body as Record<string, unknown>).line;
    const res = await request(h.app).post('/api/v1/tickets').set({ ...operator.auth, 'Idempotency-Key': 'k'.repeat(201) }).send(body);
    expect(res.status).to.equal(400);
    expect(res.body.error.code).to.equal('VALIDATION_FAILED');
    expect(fields(res)).to.have.members(['Idempotency-Key header', 'line', 'channel', 'urgency', 'priority', 'citizen.phone']);
    expect(await ticketsWithDescription(h, description)).to.equal(0);
  });

  it('when a ticket action has a bad reference and a bad body, then both are named in one 400 (the reference as "ticket reference")', async () => {
    const res = await request(h.app).post('/api/v1/tickets/abc/reopen').set((await makeUser(h, 'supervisor')).auth).send({ reason: '', why: 'x' });
    expect(res.status).to.equal(400);
    expect(fields(res)).to.have.members(['ticket reference', 'reason', 'why']);
  });

  it('when an action is sent without a body, then each required field is named (not the body as a whole)', async () => {
    const created = await request(h.app).post('/api/v1/tickets').set(operator.auth).send(ticketBody());
    const res = await request(h.app).post(`/api/v1/tickets/${created.body.id}/transfer-110`).set(operator.auth);
    expect(res.status).to.equal(400);
    expect(fields(res)).to.deep.equal(['reason']);
    const after = await request(h.app).get(`/api/v1/tickets/${created.body.id}`).set(operator.auth);
    expect(after.body.status).to.equal(created.body.status);
  });

  it('when a handler without the role sends a bad body, then 403 comes first and says nothing about the body', async () => {
    const handler = await makeUser(h, 'handler');
    const res = await request(h.app).post('/api/v1/tickets').set(handler.auth).send({ nonsense: true });
    expect(res.status).to.equal(403);
  });
});

describe('the OpenAPI document describes path parameters and headers by the schemas the router parses them with', () => {
  it('then a ticket reference, a survey id and the Idempotency-Key carry their rules, and a route with only a path parameter documents its 400', async () => {
    const h = await harness();
    const doc = (await request(h.app).get('/api/openapi.json').expect(200)).body;
    type Param = { name: string; in: string; required: boolean; description?: string; schema: Record<string, unknown> };
    const param = (path: string, method: string, name: string) => (doc.paths[path][method].parameters as Param[]).find((p) => p.name === name);
    const ref = param('/tickets/{ref}', 'get', 'ref');
    expect(ref).to.include({ in: 'path', required: true, description: 'ticket reference' });
    expect(JSON.stringify(ref?.schema)).to.contain('^\\\\d{8}-\\\\d{6,}$');
    expect(param('/surveys/{id}', 'get', 'id')?.schema).to.include({ type: 'integer' });
    expect(param('/tickets', 'post', 'Idempotency-Key')?.schema).to.include({ type: 'string', maxLength: 200 });
    expect(doc.paths['/tickets/{ref}'].get.responses).to.include.keys('400');
  });
});
