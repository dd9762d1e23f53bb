import { expect } from 'chai';
import request from 'supertest';
import { harness, isolatedHarness, type Harness } from '../support/harness';
import { makeUser, type TestUser } from '../support/factories';
import { waitFor } from '../support/wait';

describe('reference data and health endpoints', () => {
  let h: Harness;
  let operator: TestUser;
  before(async () => {
    h = await harness();
    operator = await makeUser(h, 'operator');
  });

  it('when anyone lists departments, then the tree of SPEC section 4 comes back with parent codes', async () => {
    const res = await request(h.app).get('/api/v1/departments');
    expect(res.status).to.equal(200);
    const byCode = new Map(res.body.departments.map((d: { code: string }) => [d.code, d]));
    expect(byCode.get('SH-ENV')).to.include({ kind: 'bureau', parentCode: null });
    expect(byCode.get('310104-ENV')).to.include({ kind: 'district_bureau', parentCode: '310104' });
    expect(byCode.get('EXT-110')).to.include({ kind: 'external' });
  });

  it('when an admin retires a department, then the public list leaves it out while the admin list still shows it retired', async () => {
    const admin = await makeUser(h, 'admin');
    const code = `310104-R${process.pid}`;
    const created = await request(h.app).post('/api/v1/admin/departments').set(admin.auth).send({ code, name: '待撤销街道', nameEn: 'Street to retire', kind: 'street', parentCode: '310104' });
    expect(created.status).to.equal(201);
    const publicCodes = async () => (await request(h.app).get('/api/v1/departments').expect(200)).body.departments.map((d: { code: string }) => d.code);
    expect(await publicCodes()).to.include(code);

    expect((await request(h.app).patch(`/api/v1/admin/departments/${created.body.id}`).set(admin.auth).send({ active: false })).status).to.equal(200);
    await waitFor('the retirement to reach this process', async () => h.c.directory.getByCode(code)?.active === false, 1000);
    const codes = await publicCodes();
    expect(codes).to.not.include(code);
    expect(codes).to.include.members(['310104', 'SH-ENV']);
    const adminList = await request(h.app).get('/api/v1/admin/departments').query({ q: code, active: 'false' }).set(admin.auth);
    expect(adminList.body.departments.map((d: { code: string; active: boolean }) => [d.code, d.active])).to.deep.equal([[code, false]]);
  });

  it('when anyone lists categories, then leaves carry keywords and a default department', async () => {
    const res = await request(h.app).get('/api/v1/categories');
    expect(res.status).to.equal(200);
    const leaves = res.body.categories.filter((c: { leaf: boolean }) => c.leaf);
    expect(leaves.length).to.be.at.least(60);
    for (const leaf of leaves) {
      expect(leaf.keywords.length, leaf.code).to.be.at.least(1);
      expect(leaf.defaultDepartmentCode, leaf.code).to.be.a('string');
    }
  });

  it('when an operator searches the knowledge base in Chinese, then matching articles come back by substring', async () => {
    const res = await request(h.app).get('/api/v1/kb').query({ q: '居住证' }).set(operator.auth);
    expect(res.status).to.equal(200);
    expect(res.body.articles.length).to.be.at.least(1);
    expect(res.body.articles[0].title + res.body.articles[0].body).to.contain('居住证');
  });

  it('when an operator types what the caller says, then articles whose keywords occur in it come back', async () => {
    const res = await request(h.app).get('/api/v1/kb').query({ q: '我刚来上海工作，想问一下居住证怎么办理' }).set(operator.auth);
    expect(res.status).to.equal(200);
    expect(res.body.articles.length).to.be.at.least(1);
    expect(res.body.articles[0].keywords).to.include('居住证');
  });

  it('when the search has no match, then an empty list (not an error)', async () => {
    const res = await request(h.app).get('/api/v1/kb').query({ q: '完全不存在的词语组合' }).set(operator.auth);
    expect(res.status).to.equal(200);
    expect(res.body.articles).to.deep.equal([]);
  });

  it('when the knowledge base is searched without login, then 401', async () => {
    expect((await request(h.app).get('/api/v1/kb').query({ q: '社保' })).status).to.equal(401);
  });

  it('when the database and Redis are up, then /healthz and /readyz answer 200', async () => {
    expect((await request(h.app).get('/healthz')).body).to.deep.equal({ status: 'ok' });
    const ready = await request(h.app).get('/readyz');
    expect(ready.status).to.equal(200);
    expect(ready.body).to.include({ database: 'up', redis: 'up' });
  });

  it('when Redis is unreachable, then /readyz answers 503 naming redis', async () => {
    const down = await isolatedHarness({ env: { REDIS_URL: 'redis://127.0.0.1:6399' } });
    const res = await request(down.app).get('/readyz');
    expect(res.status).to.equal(503);
    expect(res.body.error.code).to.equal('DEPENDENCY_DOWN');
    expect(res.body.error.details.map((d: { dependency: string }) => d.dependency)).to.deep.equal(['redis']);
  });
});
