import { expect } from 'chai';
import request from 'supertest';
import { harness, type Harness } from '../support/harness';
import { makeApiKey, makeUser, ticketBody, type TestUser } from '../support/factories';

// PostgreSQL text cannot hold U+0000: every way in must refuse it as a 400 naming the field, never
// a 500 from deep in a query, and write nothing.
describe('text with a NUL character (U+0000)', () => {
  let h: Harness;
  let operator: TestUser;
  let supervisor: TestUser;
  let admin: TestUser;
  const fieldsOf = (res: request.Response) => (res.body.error.details as { field: string }[]).map((d) => d.field).sort();

  before(async () => {
    h = await harness();
    [operator, supervisor, admin] = await Promise.all([makeUser(h, 'operator'), makeUser(h, 'supervisor'), makeUser(h, 'admin')]);
  });

  it('when a ticket is created with one in its text, then 400 names each such field and no ticket is written', async () => {
    const count = async () => Number((await h.c.db('tickets').count({ n: '*' }))[0].n);
    const before = await count();
    const body = ticketBody({ description: '噪音\u0000扰民', citizen: { name: '王\u0000', phone: '13800135678' } });
    const res = await request(h.app).post('/api/v1/tickets').set(operator.auth).send(body);
    expect(res.status).to.equal(400);
    expect(fieldsOf(res)).to.deep.equal(['citizen.name', 'description']);
    expect(await count()).to.equal(before);
  });

  it('when the public form, a search, an action or an admin write carries one, then 400 naming the field', async () => {
    const created = await request(h.app).post('/api/v1/tickets').set(operator.auth).send(ticketBody()).expect(201);
    const cases: [request.Test, string][] = [
      [request(h.app).post('/api/v1/public/tickets').send({ type: 'help', description: 'pub\u0000', citizen: { phone: '13800000000' } }), 'description'],
      [request(h.app).get('/api/v1/tickets?q=%00').set(supervisor.auth), 'q'],
      [request(h.app).post(`/api/v1/tickets/${created.body.id}/urge`).set(supervisor.auth).send({ note: 'x\u0000' }), 'note'],
      [request(h.app).post('/api/v1/admin/routing-rules').set(admin.auth).send({ position: 1, name: '规则\u0000', departmentCode: 'SH-ENV', keywords: ['a\u0000'] }), 'keywords.0'],
    ];
    for (const [req, field] of cases) {
      const res = await req;
      expect(res.status, JSON.stringify(res.body)).to.equal(400);
      expect(fieldsOf(res)).to.include(field);
    }
    const events = await h.c.db('ticket_events').where({ ticket_id: created.body.id, action: 'urge' });
    expect(events).to.deep.equal([]);
  });

  it('when an Open311 request or lookup carries one, then 400 in the Open311 error shape', async () => {
    const key = await makeApiKey(h, 'open311');
    const post = await request(h.app)
      .post('/open311/v2/requests.json')
      .type('form')
      .send(new URLSearchParams({ api_key: key.key, service_code: 'CITY.ADS', description: 'te\u0000st', lat: '31.19', long: '121.43' }).toString());
    expect(post.status).to.equal(400);
    expect(post.body[0]).to.include({ code: 400 });
    const lookup = await request(h.app).get('/open311/v2/requests/%00.json');
    expect(lookup.status).to.equal(400);
    expect(lookup.body[0]).to.include({ code: 400 });
  });
});
