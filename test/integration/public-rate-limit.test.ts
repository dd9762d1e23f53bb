import { expect } from 'chai';
import request from 'supertest';
import { createApp } from '../../src/app';
import { createContainer, type Container } from '../../src/container';
import { testConfig } from '../support/harness';
import { capturedLogger } from '../support/log-capture';
import { TcpProxy } from '../support/tcp-proxy';

/** A web process of its own (container and app), its log lines kept for the test to read. */
async function webProcess(env: Record<string, string>) {
  const log = capturedLogger();
  const c: Container = await createContainer(testConfig({ LOG_LEVEL: 'info', ...env }), { logger: log.logger });
  return { c, app: createApp(c).app, log: log.text };
}

const form = () => ({
  type: 'help',
  description: `小区门口路灯不亮 ${Date.now()}-${Math.random()}`,
  citizen: { name: '李女士', phone: '139 1234 5678' },
  location: { districtCode: '310115', address: '浦东新区张杨路500号' },
});

describe('the public routes\' rate limit across web processes', () => {
  let serial = 0;
  // A budget of its own for each test: the counters live in Redis under the installation's prefix.
  const installation = () => ({ PUBLIC_RATE_LIMIT: '4', QUEUE_PREFIX: `test-${process.pid}-public-${++serial}` });

  it('when one address sends the citizen form through two web processes, then they share one budget and the fifth form in the minute is refused with 429', async () => {
    const env = installation();
    const [a, b] = [await webProcess(env), await webProcess(env)];
    try {
      const statuses: number[] = [];
      for (const app of [a.app, b.app, a.app, b.app, a.app, b.app]) statuses.push((await request(app).post('/api/v1/public/tickets').send(form())).status);
      expect(statuses).to.deep.equal([201, 201, 201, 201, 429, 429]);
      const refused = await request(b.app).get('/api/v1/public/tickets/20260101-000001?phone4=1234');
      expect(refused.status).to.equal(429);
      expect(refused.body.error.code).to.equal('RATE_LIMITED');
    } finally {
      await a.c.close();
      await b.c.close();
    }
  });

  it('when Redis is unreachable, then the form still takes citizens\' requests (no 503), each process limits them on its own, and the log says so once', async () => {
    const redisUrl = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/15');
    const proxy = await TcpProxy.start({ host: redisUrl.hostname, port: Number(redisUrl.port || 6379) });
    redisUrl.host = `127.0.0.1:${proxy.port}`;
    const web = await webProcess({ ...installation(), REDIS_URL: redisUrl.toString() });
    try {
      proxy.cut();
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await request(web.app).post('/api/v1/public/tickets').send(form())).status);
      expect(statuses).to.deep.equal([201, 201, 201, 201, 429, 429]);
      expect(web.log().match(/rate limit store unreachable/g)).to.have.length(1);
    } finally {
      proxy.restore();
      await web.c.close();
      await proxy.close();
    }
  });
});
