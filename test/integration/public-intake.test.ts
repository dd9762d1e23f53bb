import { expect } from 'chai';
import request from 'supertest';
import { harness, isolatedHarness, type Harness } from '../support/harness';
import { ticketsWithDescription } from '../support/factories';

describe('the public web form and tracking (no login)', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });

  const form = (extra: Record<string, unknown> = {}) => ({
    type: 'help',
    description: `路灯不亮已经一周 ${Date.now()}-${Math.random()}`,
    citizen: { name: '李女士', phone: '139 1234 5678' },
    location: { districtCode: '310115', address: '浦东新区张杨路500号' },
    ...extra,
  });

  it('when a citizen submits the form, then 201 with the ticket number and nothing personal, on channel web', async () => {
    const res = await request(h.app).post('/api/v1/public/tickets').send(form());
    expect(res.status).to.equal(201);
    expect(Object.keys(res.body).sort()).to.deep.equal(['createdAt', 'emergency', 'status', 'ticketNo']);
    expect(res.body.emergency.flagged).to.equal(false);
    const row = await h.c.db('tickets').where({ ticket_no: res.body.ticketNo }).first();
    expect(row.channel).to.equal('web');
    expect(row.citizen_phone).to.equal('13912345678');
  });

  it('when a citizen tries to choose the channel or answer on the spot, then 400 names those fields', async () => {
    const body = form({ channel: 'transfer', answeredOnSpot: { answer: 'x' } });
    const res = await request(h.app).post('/api/v1/public/tickets').send(body);
    expect(res.status).to.equal(400);
    expect(res.body.error.details.map((d: { message: string }) => d.message).join(' ')).to.contain('channel').and.contain('answeredOnSpot');
    expect(await ticketsWithDescription(h, body.description)).to.equal(0);
  });

  it('when the phone is missing, then 400 names citizen.phone', async () => {
    const res = await request(h.app).post('/api/v1/public/tickets').send(form({ citizen: { name: '王' } }));
    expect(res.status).to.equal(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).to.include('citizen.phone');
  });

  describe('tracking by ticket number and the last 4 phone digits', () => {
    let ticketNo: string;
    before(async () => {
      ticketNo = (await request(h.app).post('/api/v1/public/tickets').send(form())).body.ticketNo;
    });

    it('when the digits match, then the status and public timeline are shown with nothing personal', async () => {
      const res = await request(h.app).get(`/api/v1/public/tickets/${ticketNo}?phone4=5678`);
      expect(res.status).to.equal(200);
      expect(res.body.status).to.equal('pending_dispatch');
      expect(res.body.timeline).to.deep.equal([{ status: 'pending_dispatch', at: res.body.createdAt }]);
      const text = JSON.stringify(res.body);
      for (const personal of ['李女士', '13912345678', '张杨路', '"description"', '"citizen"']) expect(text).to.not.contain(personal);
    });

    it('when the digits do not match, then 404 as if the ticket did not exist', async () => {
      const res = await request(h.app).get(`/api/v1/public/tickets/${ticketNo}?phone4=0000`);
      expect(res.status).to.equal(404);
    });

    it('when an unknown query parameter is sent, then 400 names it', async () => {
      const res = await request(h.app).get(`/api/v1/public/tickets/${ticketNo}?phone4=5678&name=x`);
      expect(res.status).to.equal(400);
      expect(res.body.error.details.map((d: { field: string }) => d.field)).to.deep.equal(['name']);
    });

    it('when phone4 is missing or not 4 digits, then 400 naming phone4', async () => {
      const res = await request(h.app).get(`/api/v1/public/tickets/${ticketNo}?phone4=12`);
      expect(res.status).to.equal(400);
      expect(res.body.error.details[0].field).to.equal('phone4');
    });
  });

  it('when one address sends more than the limit per minute, then 429 RATE_LIMITED', async () => {
    const limited = await isolatedHarness({ env: { PUBLIC_RATE_LIMIT: '3', QUEUE_PREFIX: `test-${process.pid}-public-intake-limit` } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await request(limited.app).get('/api/v1/public/tickets/20260101-000001?phone4=1234')).status);
    expect(statuses).to.deep.equal([404, 404, 404, 429, 429]);
  });
});
