import { expect } from 'chai';
import request from 'supertest';
import { harness, isolatedHarness, type Harness } from '../support/harness';
import { makeUser, type TestUser } from '../support/factories';

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
