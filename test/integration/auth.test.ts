import { expect } from 'chai';
import request from 'supertest';
import { hashPassword, sha256 } from '../../src/modules/auth';
import { harness, isolatedHarness, type Harness } from '../support/harness';

describe('accounts and access', () => {
  let h: Harness;
  const password = 'correct horse battery';
  let username: string;

  before(async () => {
    h = await harness();
    username = `dispatcher-${process.pid}`;
    const hotline = h.c.directory.getByCode('HOTLINE')!;
    await h.c.db('users').insert({ username, password_hash: await hashPassword(password), display_name: 'D', role: 'dispatcher', department_id: hotline.id });
  });

  const login = (body: object, app = h.app) => request(app).post('/api/v1/auth/login').send(body);

  it('when a user signs in with the right password, then a bearer token and the user come back, and the token works', async () => {
    const res = await login({ username, password });
    expect(res.status).to.equal(200);
    expect(res.body.user).to.include({ username, role: 'dispatcher' });
    expect(res.body.user.departmentId).to.be.a('number');
    const me = await request(h.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${res.body.token}`);
    expect(me.status).to.equal(200);
    expect(me.body.user.username).to.equal(username);
  });

  it('when the password or the username is wrong, then 401 INVALID_CREDENTIALS, the same for both', async () => {
    const wrongPassword = await login({ username, password: 'nope' });
    const wrongUser = await login({ username: 'nobody-here', password });
    expect([wrongPassword.status, wrongUser.status]).to.deep.equal([401, 401]);
    expect(wrongPassword.body.error).to.deep.equal(wrongUser.body.error);
  });

  it('when fields are missing, then 400 names them', async () => {
    const res = await login({});
    expect(res.status).to.equal(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).to.have.members(['username', 'password']);
  });

  it('when a user logs out, then the token stops working', async () => {
    const { token } = (await login({ username, password })).body;
    expect((await request(h.app).post('/api/v1/auth/logout').set('Authorization', `Bearer ${token}`)).status).to.equal(204);
    const me = await request(h.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);
    expect(me.status).to.equal(401);
    expect(me.body.error.code).to.equal('INVALID_TOKEN');
  });

  it('when a user logs out through another web process, then the token stops working there within 1 second', async () => {
    const other = await isolatedHarness();
    const { token } = (await login({ username, password })).body;
    const me = (app = h.app) => request(app).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);
    expect((await me()).status).to.equal(200); // this process now remembers who the token is
    expect((await request(other.app).post('/api/v1/auth/logout').set('Authorization', `Bearer ${token}`)).status).to.equal(204);
    expect((await me(other.app)).status).to.equal(401); // at once where the logout happened
    await new Promise((r) => setTimeout(r, 1000));
    expect((await me()).status).to.equal(401); // and within a second everywhere else (the change bus)
  });

  it('when a token has expired, then 401 INVALID_TOKEN', async () => {
    const { token } = (await login({ username, password })).body;
    await h.c.db('auth_tokens').where({ token_hash: sha256(token) }).update({ expires_at: new Date(Date.now() - 1000) });
    expect((await request(h.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`)).status).to.equal(401);
  });

  it('then passwords and tokens are stored only as hashes', async () => {
    const { token } = (await login({ username, password })).body;
    const user = await h.c.db('users').where({ username }).first();
    expect(user.password_hash).to.match(/^scrypt\$/).and.not.contain(password);
    const tokens = await h.c.db('auth_tokens').where({ user_id: user.id }).select('token_hash');
    expect(tokens.map((t) => t.token_hash)).to.not.include(token);
  });

  it('when an Authorization header is not a bearer token, then 401 MALFORMED_AUTHORIZATION', async () => {
    const res = await request(h.app).get('/api/v1/auth/me').set('Authorization', 'Basic abc');
    expect(res.status).to.equal(401);
    expect(res.body.error.code).to.equal('MALFORMED_AUTHORIZATION');
  });

  it('when someone keeps trying to log in, then 429 after the limit', async () => {
    // An installation of its own: the counters are shared by every process of one installation.
    const limited = await isolatedHarness({ env: { LOGIN_RATE_LIMIT: '2', QUEUE_PREFIX: `test-${process.pid}-throttle` } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await login({ username, password: 'guess' }, limited.app)).status);
    expect(statuses).to.deep.equal([401, 401, 429, 429]);
  });

  it('then every API route declares who may call it', () => {
    expect(h.api.routes.length).to.be.greaterThan(5);
    for (const route of h.api.routes) expect(route.access, `${route.method} ${route.path}`).to.be.an('object');
    expect(() => h.api.add({ method: 'get', path: '/x', summary: 'x', handle: async () => undefined } as never)).to.throw(/declares no access/);
  });

  it('when a path is not a route, then 404 ROUTE_NOT_FOUND in the error shape', async () => {
    const res = await request(h.app).get('/api/v1/nothing-here');
    expect(res.status).to.equal(404);
    expect(res.body.error.code).to.equal('ROUTE_NOT_FOUND');
  });
});
