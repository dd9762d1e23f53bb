import { expect } from 'chai';
import request from 'supertest';
import { addressKey } from '../../src/modules/tickets/ticket-duplicates.repository';
import { makeApiKey, makeUser, ticketBody, type TestUser } from '../support/factories';
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

  it("when a handler reads a ticket, then another department's ticket at the same place is not suggested (nor its number, status or address); a supervisor sees it", async () => {
    const address = `钦州路${Math.floor(Math.random() * 100000)}号`;
    const ours = await create({ location: { districtCode: '310104', address } });
    const theirs = await create({ location: { districtCode: '310104', address } });
    const sibling = await create({ location: { districtCode: '310104', address } });
    for (const [t, code] of [[ours, '310104-ENV'], [theirs, '310115-ENV'], [sibling, '310104-ENV']] as const) {
      await request(h.app).post(`/api/v1/tickets/${t.id}/dispatch`).set(dispatcher.auth).send({ departmentCode: code }).expect(200);
    }
    const handler = await makeUser(h, 'handler', '310104-ENV');
    const read = await request(h.app).get(`/api/v1/tickets/${sibling.id}`).set(handler.auth).expect(200);
    const shown = read.body.suggestedDuplicates as { id: number; ticketNo: string }[];
    expect(shown.map((d) => d.id)).to.deep.equal([ours.id]);
    expect(JSON.stringify(read.body.suggestedDuplicates)).to.not.include(theirs.ticketNo);
    const supervisor = await makeUser(h, 'supervisor');
    const all = await request(h.app).get(`/api/v1/tickets/${sibling.id}`).set(supervisor.auth).expect(200);
    expect(all.body.suggestedDuplicates.map((d: { id: number }) => d.id)).to.have.members([ours.id, theirs.id]);
  });

  it("when a partner key reads its own ticket, then the centre's phone tickets at the same place are not suggested, its own are", async () => {
    const app = await makeApiKey(h, 'app');
    const address = `虹桥路${Math.floor(Math.random() * 100000)}号`;
    const phone = await create({ location: { districtCode: '310104', address } });
    const appBody = ticketBody({ channel: 'app', categoryCode: 'ENV.NOISE.NIGHT_CONSTRUCTION', location: { districtCode: '310104', address } });
    const own = (await request(h.app).post('/api/v1/tickets').set(app.headers).send(appBody).expect(201)).body;
    const probe = (await request(h.app).post('/api/v1/tickets').set(app.headers).send({ ...appBody, description: `${appBody.description} 又一次` }).expect(201)).body;
    const read = await request(h.app).get(`/api/v1/tickets/${probe.id}`).set(app.headers).expect(200);
    expect(read.body.suggestedDuplicates.map((d: { id: number }) => d.id)).to.deep.equal([own.id]);
    expect(await suggestions(probe.id)).to.include.members([own.id, phone.id]);
  });

  it('then addresses compare without spaces, punctuation or full-width digits', () => {
    expect(addressKey('徐汇区 田林路１００号（北门）')).to.equal(addressKey('徐汇区田林路100号北门'));
  });
});
