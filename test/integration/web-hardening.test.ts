import { expect } from 'chai';
import request from 'supertest';
import { createApp } from '../../src/app';
import { createContainer } from '../../src/container';
import { capturedLogger } from '../support/log-capture';
import { harness, testConfig, type Harness } from '../support/harness';
import { TcpProxy } from '../support/tcp-proxy';

/** The web defects measured in issue 16, each with the behaviour a person would notice. */
describe('web hardening', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });

  it('when a page is served, then its Content-Security-Policy does not ask the browser to upgrade to HTTPS (the pages work over plain HTTP on any host)', async () => {
    const res = await request(h.app).get('/').set('Host', '10.1.2.3:3000').set('Accept', 'text/html');
    expect(res.status).to.equal(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).to.include("default-src 'self'");
    expect(csp).to.not.include('upgrade-insecure-requests');
  });

  it('when Open311 discovery is asked with a forged Host header, then its endpoint URL is still PUBLIC_BASE_URL', async () => {
    const res = await request(h.app).get('/open311/v2/discovery.json').set('Host', 'evil.test').set('X-Forwarded-Host', 'evil.test');
    expect(res.status).to.equal(200);
    expect(JSON.stringify(res.body)).to.not.include('evil.test');
    expect(res.body.endpoints[0].url).to.equal(`${h.c.config.publicBaseUrl}/open311/v2`);
  });

  it('when a hostile path tries to bounce the browser elsewhere (//evil.test, /\\evil.test, /%5Cevil.test), then the server never answers a redirect off this site', async () => {
    for (const path of ['//evil.test/x', '/%5Cevil.test/x', '/%2F%2Fevil.test', '//evil.test/%2e%2e', '/assets//evil.test', '/?next=//evil.test', '/admin/queues/..%2F%2Fevil.test']) {
      const res = await request(h.app).get(path).set('Accept', 'text/html');
      const location = res.headers.location as string | undefined;
      if (location !== undefined) expect(location, path).to.match(/^\/(?![/\\])/);
      expect(res.status, path).to.be.oneOf([200, 301, 302, 400, 401, 404]);
    }
  });

  it('when a survey link is used while the database is unreachable, then the log says what failed without the survey token', async () => {
    const log = capturedLogger();
    const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/hotline_test');
    const proxy = await TcpProxy.start({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = `127.0.0.1:${proxy.port}`;
    const config = testConfig({ DATABASE_URL: url.toString(), LOG_LEVEL: 'info' });
    const c = await createContainer(config, { logger: log.logger });
    try {
      const { app } = createApp(c);
      proxy.cut();
      const token = `sv_${'Q'.repeat(43)}`;
      const res = await request(app).get(`/api/v1/public/surveys/${token}`);
      expect(res.status).to.equal(503);
      const logged = log.text();
      expect(logged).to.include('/api/v1/public/surveys/sv_[redacted]');
      expect(logged).to.not.include(token);
    } finally {
      await c.close();
      await proxy.close();
    }
  });
});
