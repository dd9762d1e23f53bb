import { expect } from 'chai';
import request from 'supertest';
import { addressKey } from '../../src/modules/tickets/ticket-duplicates.repository';
import { makeUser, ticketBody, type TestUser } from '../support/factories';
import { harness, type Harness } from '../support/harness';

describe('duplicate suggestions (SPEC section 7.5)', () => {
  let h: Harness;
  let operator: TestUser;
  let dispatcher: TestUser;
  before(async () => {
    h = await harness();
    operator = await makeUser(h, 'operator');
    dispatcher = await makeUser(h, 'dispatcher');
  });

  const create = async (overrides: Record<string, unknown>) =>
    (await request(h.app).post('/api/v1/tickets').set(operator.auth).send(ticketBody({ categoryCode: 'ENV.NOISE.NIGHT_CONSTRUCTION', ...overrides }))).body;
  const suggestions = async (id: number) =>
    (await request(h.app).get(`/api/v1/tickets/${id}`).set(dispatcher.auth)).body.suggestedDuplicates.map((s: { id: number }) => s.id);

  it('when two citizens report the same category at the same address written differently, then each is suggested on the later ticket', async () => {
    const street = `漕宝路${Math.floor(Math.random() * 100000)}号`;
    const first = await create({ location: { districtCode: '310104', address: `徐汇区 ${street}` } });
    const second = await create({ location: { districtCode: '310104', address: `徐汇区${street.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))}` } });
    expect(await suggestions(second.id)).to.deep.equal([first.id]);
    expect((await h.c.db('tickets').where({ id: second.id }).first()).status).to.equal('pending_dispatch');
  });

  it('when coordinates are within 250 m, then it is suggested; 400 m away it is not', async () => {
    const base = { lat: 31.1 + Math.random() * 0.05, lng: 121.4 + Math.random() * 0.05 };
    const near = await create({ location: { districtCode: '310104', lat: base.lat, lng: base.lng } });
    const far = await create({ location: { districtCode: '310104', lat: base.lat - 0.0021, lng: base.lng } }); // ~400 m south of the probe
    const probe = await create({ location: { districtCode: '310104', lat: base.lat + 0.0015, lng: base.lng } }); // ~165 m from near
    const ids = await suggestions(probe.id);
    expect(ids).to.include(near.id);
    expect(ids).to.not.include(far.id);
  });

  it('when the category differs or the earlier ticket is closed, then it is not suggested', async () => {
    const address = `田林东路${Math.floor(Math.random() * 100000)}号`;
    const other = await create({ categoryCode: 'TRANSPORT.ROAD.POTHOLE', location: { address } });
    const cancelled = await create({ location: { address } });
    const supervisor = await makeUser(h, 'supervisor');
    await request(h.app).post(`/api/v1/tickets/${cancelled.id}/cancel`).set(supervisor.auth).send({ reason: '重复' });
    const probe = await create({ location: { address } });
    expect(await suggestions(probe.id)).to.not.include.members([other.id, cancelled.id]);
  });

  it('then addresses compare without spaces, punctuation or full-width digits', () => {
    expect(addressKey('徐汇区 田林路１００号（北门）')).to.equal(addressKey('徐汇区田林路100号北门'));
  });
});
