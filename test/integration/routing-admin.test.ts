import { expect } from 'chai';
import request from 'supertest';
import { makeUser, ticketBody, type TestUser } from '../support/factories';
import { harness, type Harness } from '../support/harness';

describe('the dispatch catalogue admin API and the queue dashboard', () => {
  let h: Harness;
  let admin: TestUser;
  let dispatcher: TestUser;
  before(async () => {
    h = await harness();
    admin = await makeUser(h, 'admin');
    dispatcher = await makeUser(h, 'dispatcher');
  });

  const rule = (overrides: Record<string, unknown> = {}) => ({
    position: 5,
    name: `Bus complaints in Xuhui ${Date.now()}-${Math.random()}`,
    channel: null,
    districtCode: '310104',
    keywords: ['公交车'],
    departmentCode: 'SH-TRANSPORT',
    ...overrides,
  });

  it('when an admin adds a rule before the others, then the next matching ticket is routed by it', async () => {
    const created = await request(h.app).post('/api/v1/admin/routing-rules').set(admin.auth).send(rule({ position: 1, keywords: ['测试专用关键词甲乙'] }));
    expect(created.status).to.equal(201);
    const operator = await makeUser(h, 'operator');
    const t = await request(h.app).post('/api/v1/tickets').set(operator.auth).send(ticketBody({ description: '测试专用关键词甲乙出现了', location: { districtCode: '310104' } }));
    const decision = await h.c.routing.routeTicket(t.body.id);
    expect(decision).to.include({ kind: 'department', departmentCode: 'SH-TRANSPORT', rule: created.body.name });
    const removed = await request(h.app).delete(`/api/v1/admin/routing-rules/${created.body.id}`).set(admin.auth);
    expect(removed.status).to.equal(204);
  });

  it('when a rule names unknown departments, categories or districts, then 400 names each field', async () => {
    const res = await request(h.app)
      .post('/api/v1/admin/routing-rules')
      .set(admin.auth)
      .send(rule({ departmentCode: 'NOPE', fallbackDepartmentCode: 'ALSO-NOPE', categoryPrefix: 'NO.SUCH', districtCode: '310199' }));
    expect(res.status).to.equal(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).to.have.members(['departmentCode', 'fallbackDepartmentCode', 'categoryPrefix', 'districtCode']);
  });

  it('when a rule template names {district}, then it is accepted without the department existing literally', async () => {
    const res = await request(h.app).post('/api/v1/admin/routing-rules').set(admin.auth).send(rule({ departmentCode: '{district}-CITY', fallbackDepartmentCode: 'SH-GREENERY', active: false }));
    expect(res.status).to.equal(201);
    expect(res.body.departmentCode).to.equal('{district}-CITY');
  });

  it('when two rules get the same name, then 409 DUPLICATE_NAME', async () => {
    const body = rule({ active: false });
    expect((await request(h.app).post('/api/v1/admin/routing-rules').set(admin.auth).send(body)).status).to.equal(201);
    const again = await request(h.app).post('/api/v1/admin/routing-rules').set(admin.auth).send(body);
    expect(again.status).to.equal(409);
    expect(again.body.error.code).to.equal('DUPLICATE_NAME');
  });

  it('when a dispatcher reads the catalogue, then it is listed; when a dispatcher edits it, then 403', async () => {
    expect((await request(h.app).get('/api/v1/admin/routing-rules').set(dispatcher.auth)).body.rules.length).to.be.greaterThan(0);
    expect((await request(h.app).post('/api/v1/admin/routing-rules').set(dispatcher.auth).send(rule())).status).to.equal(403);
  });

  it('when an admin pages through the rules found by a name, then each page holds its share in matching order and every page says the true total', async () => {
    const tag = `paged-${process.pid}-${Date.now()}`;
    for (const position of [30, 10, 20]) {
      expect((await request(h.app).post('/api/v1/admin/routing-rules').set(admin.auth).send(rule({ name: `${tag} ${position}`, position, active: false }))).status).to.equal(201);
    }
    const page = async (offset: number) => (await request(h.app).get(`/api/v1/admin/routing-rules?q=${tag}&limit=2&offset=${offset}`).set(admin.auth)).body;
    const [first, second] = [await page(0), await page(2)];
    expect(first.rules.map((r: { position: number }) => r.position)).to.deep.equal([10, 20]);
    expect(second.rules.map((r: { position: number }) => r.position)).to.deep.equal([30]);
    expect([first.total, second.total]).to.deep.equal([3, 3]);
    const wrong = await request(h.app).get('/api/v1/admin/routing-rules?limit=0&sort=name').set(admin.auth);
    expect(wrong.status).to.equal(400);
    expect(wrong.body.error.details.map((d: { field: string }) => d.field).sort()).to.deep.equal(['limit', 'sort']);
  });

  it('when an unknown rule is edited, then 404', async () => {
    expect((await request(h.app).put('/api/v1/admin/routing-rules/999999').set(admin.auth).send(rule())).status).to.equal(404);
  });

  describe('the queue dashboard at /admin/queues', () => {
    it('when no one is signed in, then 401; a dispatcher gets 403', async () => {
      expect((await request(h.app).get('/admin/queues')).status).to.equal(401);
      expect((await request(h.app).get('/admin/queues').set(dispatcher.auth)).status).to.equal(403);
    });

    it('when an admin opens it with ?token=, then a path-limited cookie is set and the board loads with it', async () => {
      const first = await request(h.app).get(`/admin/queues?token=${admin.token}`);
      expect(first.status).to.equal(302);
      const cookie = first.headers['set-cookie'][0] as string;
      expect(cookie).to.match(/HttpOnly/).and.match(/Path=\/admin\/queues/);
      const board = await request(h.app).get('/admin/queues').set('Cookie', cookie.split(';')[0]);
      expect(board.status).to.equal(200);
      expect(board.text).to.contain('<div id="root">');
      const api = await request(h.app).get('/admin/queues/api/queues').set('Cookie', cookie.split(';')[0]);
      expect(api.status).to.equal(200);
      expect(api.body.queues.map((q: { name: string }) => q.name)).to.include('routing');
    });

    it('when the dashboard cookie is set, then it holds no admin token (only its hash), is Secure over HTTPS, and stops working once the token is revoked', async () => {
      const other = await makeUser(h, 'admin');
      const plain = (await request(h.app).get(`/admin/queues?token=${other.token}`)).headers['set-cookie'][0] as string;
      expect(plain).to.not.include(other.token).and.not.include(encodeURIComponent(other.token));
      expect(plain).to.match(/SameSite=Strict/).and.not.match(/Secure/);
      const https = (await request(h.app).get(`/admin/queues?token=${other.token}`).set('X-Forwarded-Proto', 'https')).headers['set-cookie'][0] as string;
      expect(https).to.match(/; Secure/).and.match(/HttpOnly/);
      // The cookie is no credential for the API.
      const value = plain.split(';')[0].split('=')[1];
      expect((await request(h.app).get('/api/v1/tickets').set('Authorization', `Bearer ${value}`)).status).to.equal(401);
      await request(h.app).post('/api/v1/auth/logout').set(other.auth).expect(204);
      expect((await request(h.app).get('/admin/queues').set('Cookie', plain.split(';')[0])).status).to.equal(401);
    });
  });
  it('when a rule id is beyond what the table can hold or not digits, then 400 naming it (never a 500)', async () => {
    for (const id of ['2147483648', '1e3']) {
      const del = await request(h.app).delete(`/api/v1/admin/routing-rules/${id}`).set(admin.auth);
      expect(del.status).to.equal(400);
      expect(del.body.error.details[0].field).to.equal('rule id');
      const put = await request(h.app).put(`/api/v1/admin/routing-rules/${id}`).set(admin.auth).send(rule());
      expect(put.status).to.equal(400);
    }
  });
});
