import { expect } from 'chai';
import request from 'supertest';
import { ConfigError, loadConfig } from '../../src/config';
import { configurePartnersFromEnv } from '../../workers/delivery.worker';
import { makeApiKey, makeUser, type TestUser } from '../support/factories';
import { harness, isolatedHarness, type Harness } from '../support/harness';

/** The partner and dead-letter admin API: admins only, validated, secrets write-only. */
describe('partner admin API (/api/v1/admin/partners, /api/v1/admin/deliveries)', () => {
  let h: Harness;
  let admin: TestUser;
  const name = `adm-${process.pid}`;
  const secret = `admin-test-secret-${process.pid}-xyz`;

  before(async () => {
    h = await harness();
    admin = await makeUser(h, 'admin');
  });

  // Supervisors may also read and retry deliveries (the failed-deliveries queue of /queues): their
  // answers there are tested in partners-delivery.test.ts.
  const routes = [
    ['get', '/api/v1/admin/partners', undefined, []],
    ['put', `/api/v1/admin/partners/${name}`, { url: 'http://127.0.0.1:9/hook', secret }, []],
    ['get', '/api/v1/admin/deliveries?status=dead', undefined, ['supervisor']],
    ['post', '/api/v1/admin/deliveries/1/retry', undefined, ['supervisor']],
  ] as const;

  const call = (method: 'get' | 'put' | 'post', path: string, body?: object) => {
    const req = request(h.app)[method](path);
    return body ? req.send(body) : req;
  };

  it('when anyone but an admin (or, for deliveries, a supervisor) calls them, then 401 without a login and 403 for other roles and partner keys, and nothing changes', async () => {
    const roles = ['operator', 'dispatcher', 'supervisor', 'handler'] as const;
    const users = await Promise.all(roles.map(async (role) => ({ role, ...(await makeUser(h, role)) })));
    const key = await makeApiKey(h, '110');
    for (const [method, path, body, alsoAllowed] of routes) {
      expect((await call(method, path, body)).status, `${method} ${path} anonymous`).to.equal(401);
      for (const u of users.filter((x) => !(alsoAllowed as readonly string[]).includes(x.role))) {
        expect((await call(method, path, body).set(u.auth)).status, `${method} ${path} as ${u.role}`).to.equal(403);
      }
      expect((await call(method, path, body).set(key.headers)).status, `${method} ${path} partner key`).to.equal(403);
    }
    expect(await h.c.db('partner_endpoints').where({ name }).first()).to.equal(undefined);
  });

  it('when an admin configures a partner, then it is listed with its URL and the secret is never returned, and a later PUT without a secret keeps it', async () => {
    const put = await request(h.app).put(`/api/v1/admin/partners/${name}`).set(admin.auth).send({ url: 'https://police.example/hook', secret });
    expect(put.status).to.equal(200);
    expect(put.body.partner).to.include({ name, url: 'https://police.example/hook', active: true });
    expect(JSON.stringify(put.body)).not.to.include(secret);

    const update = await request(h.app).put(`/api/v1/admin/partners/${name}`).set(admin.auth).send({ url: 'https://police.example/v2', active: false });
    expect(update.status).to.equal(200);
    const list = await request(h.app).get('/api/v1/admin/partners').set(admin.auth);
    expect(list.status).to.equal(200);
    expect(list.body.partners.find((p: { name: string }) => p.name === name)).to.include({ url: 'https://police.example/v2', active: false });
    expect(JSON.stringify(list.body)).not.to.include(secret);
    expect((await h.c.db('partner_endpoints').where({ name }).first()).secret).to.equal(secret);
    const [audited] = await h.c.db('audit_log').where({ action: 'partner-configured', actor_user_id: admin.id }).count({ n: '*' });
    expect(Number(audited.n)).to.equal(2);
  });

  it('when a partner is configured with bad values, then 400 names each bad field', async () => {
    const bad = await request(h.app).put(`/api/v1/admin/partners/${name}`).set(admin.auth).send({ url: 'ftp://x', secret: 'short', active: 'yes' });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.details.map((p: { field: string }) => p.field).sort()).to.deep.equal(['active', 'secret', 'url']);

    const badName = await request(h.app).put('/api/v1/admin/partners/Bad%20Name').set(admin.auth).send({ url: 'https://x.example', secret });
    expect(badName.status).to.equal(400);
    expect(badName.body.error.details.map((p: { field: string }) => p.field)).to.deep.equal(['name']);

    const newWithoutSecret = await request(h.app).put(`/api/v1/admin/partners/new-${process.pid}`).set(admin.auth).send({ url: 'https://x.example' });
    expect(newWithoutSecret.status).to.equal(400);
    expect(newWithoutSecret.body.error.details).to.deep.equal([{ field: 'secret', message: 'required when configuring a new partner' }]);
    expect(await h.c.db('partner_endpoints').where({ name: `new-${process.pid}` }).first()).to.equal(undefined);
  });

  it('when the delivery list or a retry is asked for wrongly, then 400 names the field, an unknown delivery is 404 and a pending one 409', async () => {
    const q = await request(h.app).get('/api/v1/admin/deliveries?status=lost&limit=0').set(admin.auth);
    expect(q.status).to.equal(400);
    expect(q.body.error.details.map((p: { field: string }) => p.field).sort()).to.deep.equal(['limit', 'status']);
    expect((await request(h.app).post('/api/v1/admin/deliveries/abc/retry').set(admin.auth)).body.error.details[0].field).to.equal('id');
    const missing = await request(h.app).post('/api/v1/admin/deliveries/999999999/retry').set(admin.auth);
    expect(missing.status).to.equal(404);
    expect(missing.body.error.code).to.equal('DELIVERY_NOT_FOUND');

    const pending = await h.c.db.transaction((tx) => h.c.partners.enqueue(tx, { partner: name, ticket_id: null, kind: 'sms', payload: { kind: 'sms' } }));
    const conflict = await request(h.app).post(`/api/v1/admin/deliveries/${pending.id}/retry`).set(admin.auth);
    expect(conflict.status).to.equal(409);
    expect(conflict.body.error.code).to.equal('DELIVERY_NOT_DEAD');
    const listed = await request(h.app).get(`/api/v1/admin/deliveries?status=pending&partner=${name}`).set(admin.auth);
    expect(listed.body.deliveries.map((x: { id: number }) => x.id)).to.deep.equal([pending.id]);
  });

  it('when an admin pages through the partners and the deliveries, then each page says the true total of what matches', async () => {
    const later = await h.c.db.transaction(async (tx) => [
      await h.c.partners.enqueue(tx, { partner: name, ticket_id: null, kind: 'sms', payload: { kind: 'sms' } }),
      await h.c.partners.enqueue(tx, { partner: name, ticket_id: null, kind: 'sms', payload: { kind: 'sms' } }),
    ]);
    const all = (await request(h.app).get(`/api/v1/admin/deliveries?partner=${name}`).set(admin.auth)).body;
    const second = (await request(h.app).get(`/api/v1/admin/deliveries?partner=${name}&limit=1&offset=1`).set(admin.auth)).body;
    expect(all.total).to.equal(all.deliveries.length).and.to.be.at.least(2);
    expect(second.total).to.equal(all.total);
    expect(second.deliveries.map((x: { id: number }) => x.id)).to.deep.equal([later[0].id]); // newest first: the later of the two is on page one

    const partners = (await request(h.app).get('/api/v1/admin/partners?limit=1').set(admin.auth)).body;
    const [{ n }] = await h.c.db('partner_endpoints').count({ n: '*' });
    expect(partners.partners).to.have.length(1);
    expect(partners.total).to.equal(Number(n));
  });

  describe('endpoints from the environment', () => {
    it('when PARTNER_110_URL is set without its secret, then start-up stops naming PARTNER_110_SECRET', () => {
      expect(() => loadConfig({ PARTNER_110_URL: 'https://110.example/hook' })).to.throw(ConfigError, /PARTNER_110_SECRET/);
      expect(() => loadConfig({ PARTNER_SMS_SECRET: 'x'.repeat(20) })).to.throw(ConfigError, /PARTNER_SMS_URL/);
      expect(loadConfig({}).partnerEndpoints).to.deep.equal([]);
    });

    it('when PARTNER_SMS_URL and PARTNER_SMS_SECRET are set, then a worker start configures the sms partner with them', async () => {
      const env = { PARTNER_SMS_URL: `https://sms-${process.pid}.example/send`, PARTNER_SMS_SECRET: `sms-secret-${process.pid}-0000` };
      const configured = await isolatedHarness({ env });
      await configurePartnersFromEnv(configured.c);
      const row = await h.c.db('partner_endpoints').where({ name: 'sms' }).first();
      expect(row).to.include({ url: env.PARTNER_SMS_URL, secret: env.PARTNER_SMS_SECRET, active: true });
      await configured.c.close();
    });
  });
});
