import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../src/config';

describe('configuration', () => {
  it('when nothing is set, then the local defaults of the README apply', () => {
    const c = loadConfig({});
    expect(c.port).to.equal(3000);
    expect(c.databaseUrl).to.equal('postgres://root@127.0.0.1:5432/hotline');
    expect(c.redisUrl).to.equal('redis://127.0.0.1:6379');
    expect(c.demoPassword).to.equal('hotline-demo');
  });

  it('when a value is bad, then start-up stops with a message naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' })).to.throw(ConfigError, /PORT[\s\S]*DATABASE_URL|DATABASE_URL[\s\S]*PORT/);
  });

  it('when ROUTING_RETRAIN is unset, off or anything else, then the nightly retraining is on, off, or start-up stops naming it', () => {
    expect(loadConfig({}).routingRetrain).to.equal(true);
    expect(loadConfig({ ROUTING_RETRAIN: 'off' }).routingRetrain).to.equal(false);
    expect(() => loadConfig({ ROUTING_RETRAIN: 'nightly' })).to.throw(ConfigError, /ROUTING_RETRAIN/);
  });

  it('when a demo API key is given, then it is used for that partner', () => {
    expect(loadConfig({ DEMO_API_KEY_110: 'x'.repeat(20) }).demoApiKeys['110']).to.equal('x'.repeat(20));
  });
});
