import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import request from 'supertest';
import { makeUser, ticketBody, type TestUser } from '../support/factories';
import { harness, isolatedHarness, type Harness } from '../support/harness';
import { TcpProxy } from '../support/tcp-proxy';

/**
 * The five causes of the 221 answers 5xx among 10,769 fuzzed requests (issue 16), each now a clear
 * 400 that changes nothing; and an unreachable database or Redis answers 503 with Retry-After, never 500.
 */
describe('hostile input and outages: 400 or 503, never 500', () => {
  let h: Harness;
  let admin: TestUser;
  let operator: TestUser;

  before(async () => {
    h = await harness();
    admin = await makeUser(h, 'admin');
    operator = await makeUser(h, 'operator');
  });

  const expectError = (res: request.Response, status: number, code: string) => {
    expect(res.status, JSON.stringify(res.body)).to.equal(status);
    expect(res.body.error.code).to.equal(code);
  };

  it('when a path parameter holds a malformed percent-escape, then 400 MALFORMED_PATH', async () => {
    expectError(await request(h.app).get('/api/v1/public/tickets/%ZZ?phone4=1234'), 400, 'MALFORMED_PATH');
    expectError(await request(h.app).get('/api/v1/tickets/%E0%A4%A').set(operator.auth), 400, 'MALFORMED_PATH');
  });

  it('when a JSON body is nested 3,000 deep, then 400 TOO_DEEP names the body, and nothing is written', async () => {
    const before = await h.c.db('tickets').count({ n: '*' });
    const deep = '['.repeat(3000) + ']'.repeat(3000);
    const res = await request(h.app).post('/api/v1/tickets').set(operator.auth).set('Content-Type', 'application/json').send(`{"description":${deep}}`);
    expectError(res, 400, 'TOO_DEEP');
    expect(await h.c.db('tickets').count({ n: '*' })).to.deep.equal(before);
  });

  it('when the body says Content-Encoding gzip but is not gzip, then 400 MALFORMED_BODY; real gzip is read', async () => {
    const res = await request(h.app).post('/api/v1/tickets').set(operator.auth).set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send('{"line":"12345"}');
    expectError(res, 400, 'MALFORMED_BODY');
    const zipped = await request(h.app)
      .post('/api/v1/tickets')
      .set(operator.auth)
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      // Sent as the bytes given: superagent would otherwise serialise the Buffer as JSON.
      .serialize((b: Buffer) => b as unknown as string)
      .send(gzipSync(JSON.stringify(ticketBody())) as unknown as object);
    expect(zipped.status, JSON.stringify(zipped.body)).to.equal(201);
  });

  it('when a string holds a lone surrogate (\\ud800), then 400 names the field (reveal reason, survey comment, description), and nothing is written', async () => {
    const t = (await request(h.app).post('/api/v1/tickets').set(operator.auth).send(ticketBody()).expect(201)).body;
    const reveal = await request(h.app).post(`/api/v1/tickets/${t.id}/reveal-phone`).set(operator.auth).set('Content-Type', 'application/json').send('{"reason":"\\ud800 回访"}');
    expectError(reveal, 400, 'VALIDATION_FAILED');
    expect(reveal.body.error.details).to.deep.include({ field: 'reason', message: 'must be valid Unicode text (no lone surrogate)' });
    const audits = await h.c.db('audit_log').where({ ticket_id: t.id, action: 'reveal-phone' });
    expect(audits).to.have.length(0);

    const survey = await request(h.app).post('/api/v1/public/surveys/abcdefghijklmnopqrstuvwxyz012345').set('Content-Type', 'application/json').send('{"satisfaction":"satisfied","comment":"\\udfff"}');
    expectError(survey, 400, 'VALIDATION_FAILED');
    expect(survey.body.error.details.map((d: { field: string }) => d.field)).to.include('comment');

    const create = await request(h.app).post('/api/v1/tickets').set(operator.auth).set('Content-Type', 'application/json').send(JSON.stringify(ticketBody()).replace('"description":"', '"description":"\\ud83d'));
    expectError(create, 400, 'VALIDATION_FAILED');
    expect(create.body.error.details.map((d: { field: string }) => d.field)).to.deep.equal(['description']);
  });

  it('when a calendar override is put on 0000-01-01 or 9999-12-31, then 400 names date; 2027-02-10 is accepted', async () => {
    for (const date of ['0000-01-01', '9999-12-31', '1899-12-31']) {
      const res = await request(h.app).put(`/api/v1/admin/calendar/overrides/${date}`).set(admin.auth).send({ working: true });
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.error.details[0].field).to.equal('date');
    }
    await request(h.app).put('/api/v1/admin/calendar/overrides/2027-02-10').set(admin.auth).send({ working: true }).expect(200);
    await request(h.app).delete('/api/v1/admin/calendar/overrides/2027-02-10').set(admin.auth).expect(204);
  });

  it('when PostgreSQL is unreachable, then requests that need it answer 503 SERVICE_UNAVAILABLE with Retry-After, never 500; when it is back, 200 again', async () => {
    const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/hotline_test');
    const proxy = await TcpProxy.start({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = `127.0.0.1:${proxy.port}`;
    try {
      const cut = await isolatedHarness({ env: { DATABASE_URL: url.toString() } });
      const user = await makeUser(cut, 'operator');
      await request(cut.app).get('/api/v1/tickets?limit=1').set(user.auth).expect(200);
      proxy.cut();
      for (const [method, path, body] of [
        ['get', '/api/v1/tickets', undefined],
        ['post', '/api/v1/tickets', ticketBody()],
        ['get', '/api/v1/metrics', undefined],
        ['post', '/api/v1/auth/login', { username: 'operator', password: 'hotline-demo' }],
        ['get', '/open311/v2/requests.json', undefined],
      ] as const) {
        const req = request(cut.app)[method](path).set(user.auth);
        const res = body ? await req.send(body) : await req;
        expect(res.status, `${method} ${path}: ${res.text.slice(0, 300)}`).to.equal(503);
        expect(res.headers['retry-after'], path).to.match(/^\d+$/);
      }
      proxy.restore();
      await request(cut.app).get('/api/v1/tickets?limit=1').set(user.auth).expect(200);
    } finally {
      await proxy.close();
    }
  });

  it('when Redis is unreachable, then a login token is still checked against PostgreSQL and intake answers 201 (the outbox keeps the routing)', async () => {
    const noRedis = await isolatedHarness({ env: { REDIS_URL: 'redis://127.0.0.1:56399' } });
    const user = await makeUser(noRedis, 'operator');
    const res = await request(noRedis.app).post('/api/v1/tickets').set(user.auth).send(ticketBody());
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
  });
});
