import { expect } from 'chai';
import { XMLParser } from 'fast-xml-parser';
import request, { type Response } from 'supertest';
import { ManualClock } from '../../src/shared/clock';
import { isolatedHarness, type Harness } from '../support/harness';
import { makeApiKey, makeUser, ticketBody } from '../support/factories';
import { lifecycleDriver, makeCast } from '../support/lifecycle';

const formats = ['xml', 'json'] as const;
type Fmt = (typeof formats)[number];
type Row = Record<string, unknown>;

const parser = new XMLParser({ parseTagValue: false, isArray: (_name, jpath) => ['service_requests.request', 'errors.error'].includes(String(jpath)) });

/** The list in the JSON shape, whichever format it came in (XML leaves are strings, empty ones ''). */
function list(res: Response, fmt: Fmt, root = 'service_requests'): Row[] {
  if (fmt === 'json') {
    expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
    return res.body;
  }
  expect(res.headers['content-type']).to.equal('text/xml; charset=utf-8');
  const doc = parser.parse(res.text)[root];
  expect(doc, `XML root <${root}>`).to.not.equal(undefined);
  return doc[root === 'errors' ? 'error' : 'request'] ?? [];
}
const errorsOf = (res: Response, fmt: Fmt) => list(res, fmt, 'errors').map((e) => ({ code: Number(e.code), description: String(e.description) }));
const ids = (rows: Row[]) => rows.map((r) => r.service_request_id);

const XUJIAHUI = { lat: '31.1955', long: '121.4365' };
const SHANGHAI_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/;

describe('Open311 GeoReport v2: service requests', () => {
  let h: Harness;
  let clock: ManualClock;
  let key: { key: string; headers: { 'X-Api-Key': string } };

  before(async () => {
    clock = new ManualClock(new Date('2026-11-28T06:03:00Z'));
    h = await isolatedHarness({ clock, env: { PUBLIC_RATE_LIMIT: '100000' } });
    key = await makeApiKey(h, 'open311');
  });

  const post = (fmt: Fmt, fields: Record<string, string> | [string, string][], apiKey: string | null = key.key) => {
    const pairs = Array.isArray(fields) ? fields : Object.entries(fields);
    return request(h.app)
      .post(`/open311/v2/requests.${fmt}`)
      .type('form')
      .send(new URLSearchParams(apiKey === null ? pairs : [['api_key', apiKey], ...pairs]).toString());
  };
  const get = (path: string) => request(h.app).get(`/open311/v2/${path}`);
  const noise = (extra: Record<string, string> = {}) => ({
    service_code: 'ENV.NOISE.SOCIAL',
    'attribute[time_of_day]': 'night',
    description: `小区广场舞音响太响 ${Math.random()}`,
    ...XUJIAHUI,
    ...extra,
  });
  const created = async (fields: Record<string, string> | [string, string][]) => {
    const res = await post('json', fields);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body[0].service_request_id as string;
  };

  for (const fmt of formats) {
    describe(`in ${fmt.toUpperCase()}`, () => {
      it('when an Open311 client posts a request with lat/long in Xuhui, then the ticket is on line 12345, channel app, district 310104', async () => {
        const res = await post(fmt, noise({ first_name: '三', last_name: '张', phone: '13812345678', account_id: 'acct-7' }));
        expect(res.status).to.equal(200);
        const [answer] = list(res, fmt);
        expect(answer.service_request_id).to.match(/^20261128-\d{6}$/);
        expect(answer.service_notice).to.contain(String(answer.service_request_id));
        expect(answer.account_id).to.equal('acct-7');

        const ticket = await request(h.app).get(`/api/v1/tickets/${answer.service_request_id}`).set(key.headers);
        expect(ticket.status).to.equal(200);
        expect(ticket.body).to.include({ line: '12345', channel: 'app', type: 'complaint', categoryCode: 'ENV.NOISE.SOCIAL', status: 'pending_dispatch' });
        expect(ticket.body.location).to.include({ districtCode: '310104', lat: 31.1955, lng: 121.4365 });
        expect(ticket.body.citizen).to.include({ name: '张三', phone: '138****5678' });
        expect(ticket.body.description).to.contain('小区广场舞音响太响').and.contain('噪声时段：夜间（22:00–次日06:00）');
      });

      it('when a client reads the request back, then it is open with Shanghai times, and the description is the citizen text', async () => {
        const description = `路灯一排都不亮 ${Math.random()}`;
        const id = await created({
          service_code: 'TRANSPORT.ROAD.STREETLIGHT',
          address_string: '徐汇区漕溪北路88号',
          'attribute[lights_out]': '4',
          description,
          media_url: 'https://example.org/p/light.jpg',
        });
        const res = await get(`requests/${id}.${fmt}`);
        expect(res.status).to.equal(200);
        const rows = list(res, fmt);
        expect(rows).to.have.length(1);
        const r = rows[0];
        expect(r).to.include({ service_request_id: id, status: 'open', service_code: 'TRANSPORT.ROAD.STREETLIGHT', service_name: '路灯', description });
        // Street level only (issue 16): the keyless feed never shows the house number.
        expect(r).to.include({ address: '徐汇区漕溪北路', media_url: 'https://example.org/p/light.jpg', status_notes: '已受理，等待派单' });
        expect(r.requested_datetime).to.equal('2026-11-28T14:03:00+08:00');
        expect(r.updated_datetime).to.match(SHANGHAI_TIME);
        expect(r.agency_responsible).to.equal('');
        for (const field of ['expected_datetime', 'address_id', 'zipcode', 'lat', 'long']) {
          expect(r[field], field).to.equal(fmt === 'xml' ? '' : null);
        }
      });

      it('when a client exchanges the token, then it is the request id itself (requests are created at once)', async () => {
        const id = await created(noise());
        const res = await get(`tokens/${id}.${fmt}`);
        expect(res.status).to.equal(200);
        expect(list(res, fmt)).to.deep.equal([{ service_request_id: id, token: id }]);
      });

      it('when the api_key is missing, wrong, or may not submit on channel app, then 403 and no ticket', async () => {
        const other = await makeApiKey(h, '110');
        for (const apiKey of [null, '', 'hk_open311_wrong', other.key]) {
          const fields = noise();
          const res = await post(fmt, fields, apiKey);
          expect(res.status, String(apiKey)).to.equal(403);
          expect(errorsOf(res, fmt)[0].code).to.equal(403);
          expect(await h.c.db('tickets').where('description', 'like', `${fields.description}%`).first()).to.equal(undefined);
        }
      });

      it('when the service_code is missing, then 400; when it is unknown, then 404', async () => {
        const { service_code: _omitted, ...withoutCode } = noise();
        const missing = await post(fmt, withoutCode);
        expect(missing.status).to.equal(400);
        expect(errorsOf(missing, fmt)[0].description).to.contain('service_code');
        const unknown = await post(fmt, noise({ service_code: 'NO.SUCH' }));
        expect(unknown.status).to.equal(404);
        expect(errorsOf(unknown, fmt)[0]).to.deep.equal({ code: 404, description: 'Unknown service_code NO.SUCH' });
      });

      it('when there is no location, lat/long is outside Shanghai, or lat comes without long, then 400 names it', async () => {
        const { lat: _lat, long: _long, ...noLocation } = noise();
        const cases: [Record<string, string>, string][] = [
          [noLocation, 'location'],
          [noise({ lat: '39.9042', long: '116.4074' }), 'outside Shanghai'],
          [{ ...noLocation, lat: '31.2' }, 'lat and long'],
          [noise({ lat: 'north' }), 'lat'],
        ];
        for (const [fields, expected] of cases) {
          const res = await post(fmt, fields);
          expect(res.status, expected).to.equal(400);
          expect(errorsOf(res, fmt).map((e) => e.description).join(' ')).to.contain(expected);
        }
      });

      it('when the description is over 4000 characters, a required attribute is missing or the phone is not a phone, then 400 names each', async () => {
        const res = await post(fmt, noise({ description: '吵'.repeat(4001), 'attribute[time_of_day]': '', phone: 'call me' }));
        expect(res.status).to.equal(400);
        const problems = errorsOf(res, fmt);
        expect(problems.every((p) => p.code === 400)).to.equal(true);
        const text = problems.map((p) => p.description).join(' | ');
        expect(text).to.contain('description').and.contain('4000');
        const attr = await post(fmt, noise({ 'attribute[time_of_day]': '' }));
        expect(errorsOf(attr, fmt)[0].description).to.contain('attribute[time_of_day]');
        const phone = await post(fmt, noise({ phone: 'call me' }));
        expect(phone.status).to.equal(400);
        expect(errorsOf(phone, fmt)[0].description).to.match(/^phone: /);
      });

      it('when first_name and last_name together are longer than the 100 characters a ticket keeps, then 400 names first_name and nothing is written', async () => {
        const description = `名字太长 ${fmt} ${Date.now()}`;
        const res = await post(fmt, noise({ description, first_name: 'A'.repeat(50), last_name: 'B'.repeat(50) }));
        expect(res.status).to.equal(400);
        expect(errorsOf(res, fmt).map((e) => e.description)).to.deep.equal(['first_name: with last_name, must be at most 100 characters']);
        expect(await h.c.db('tickets').where('description', 'like', `${description}%`).count({ n: '*' }).first()).to.deep.equal({ n: 0 });
      });

      it('when the body is JSON rather than a form, then 400', async () => {
        const res = await request(h.app).post(`/open311/v2/requests.${fmt}`).send({ api_key: key.key, ...noise() });
        expect(res.status).to.equal(400);
        expect(errorsOf(res, fmt)[0].description).to.contain('x-www-form-urlencoded');
      });

      it('when a request or token does not exist, then 404', async () => {
        for (const path of [`requests/20260101-999999.${fmt}`, `tokens/20260101-999999.${fmt}`, `requests/not-a-number.${fmt}`]) {
          const res = await get(path);
          expect(res.status, path).to.equal(404);
          expect(errorsOf(res, fmt)[0].code).to.equal(404);
        }
      });

      it('when a query has a bad date, a range over 90 days or an unknown status, then 400; an unknown service_code, 404', async () => {
        for (const query of ['start_date=yesterday', 'start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z', 'status=pending']) {
          const res = await get(`requests.${fmt}?${query}`);
          expect(res.status, query).to.equal(400);
          expect(errorsOf(res, fmt)[0].code).to.equal(400);
        }
        expect((await get(`requests.${fmt}?service_code=NO.SUCH`)).status).to.equal(404);
      });
    });
  }

  it('when a multi-value attribute and an address_id are posted, then both reach the ticket and address_id reads back', async () => {
    const id = await created([
      ['service_code', 'TRANSPORT.SHARED_BIKES'],
      ['address_id', 'SH-ADDR-0042'],
      ['attribute[operators][]', 'meituan'],
      ['attribute[operators][]', 'hellobike'],
    ]);
    const row = await h.c.db('tickets').where({ ticket_no: id }).first();
    expect(row.description).to.contain('涉及企业：美团单车、哈啰单车');
    expect(row.district_id).to.equal(null);
    expect((await get(`requests/${id}.json`)).body[0].address_id).to.equal('SH-ADDR-0042');
  });

  it('when the description reads like an emergency, then the service notice tells the citizen it goes to 110', async () => {
    const res = await post('json', { service_code: 'OTHER.GENERAL', description: '楼下仓库着火了，火很大', ...XUJIAHUI });
    expect(res.status).to.equal(200);
    expect(res.body[0].service_notice).to.contain('110');
  });

  it('when a ticket came in by phone, then Open311 does not show it (404), though the ticket exists', async () => {
    const operator = await makeUser(h, 'operator');
    const phoned = await request(h.app).post('/api/v1/tickets').set(operator.auth).send(ticketBody({ channel: 'phone' }));
    expect(phoned.status).to.equal(201);
    expect((await get(`requests/${phoned.body.ticketNo}.json`)).status).to.equal(404);
  });

  it("when a partner app submits through /api/v1 (not Open311), then Open311's keyless reads do not show it, even on line 12345, channel app", async () => {
    const app = await makeApiKey(h, 'app');
    const viaApi = await request(h.app)
      .post('/api/v1/tickets')
      .set(app.headers)
      .send(ticketBody({ channel: 'app', citizen: { anonymous: true }, location: { districtCode: '310104', address: '徐汇区田林路100弄5号502室', lat: 31.171234, lng: 121.431234 } }));
    expect(viaApi.status, JSON.stringify(viaApi.body)).to.equal(201);
    expect((await get(`requests/${viaApi.body.ticketNo}.json`)).status).to.equal(404);
    expect(ids((await get('requests.json')).body)).to.not.include(viaApi.body.ticketNo);
  });

  it("when an anonymous citizen's request is read back through Open311, then the address is the street without the house or flat, and lat/long are rounded to about 100 m", async () => {
    const id = await created({ ...noise(), address_string: '徐汇区田林路100弄5号502室', lat: '31.171234', long: '121.431234' });
    const [r] = (await get(`requests/${id}.json`)).body;
    expect(r).to.include({ address: '徐汇区田林路', lat: 31.171, long: 121.431 });
    // The request's own number and times are left out: a ticket number such as 20261128-000502 or a
    // time ending :05:02 contains the flat's digits by chance (a CI run met one).
    const { service_request_id: _id, requested_datetime: _at, updated_datetime: _up, expected_datetime: _due, ...shown } = r;
    expect(JSON.stringify(shown)).to.not.include('502').and.not.include('31.171234');
    // Staff still see the exact place.
    const staff = await request(h.app).get(`/api/v1/tickets/${id}`).set(key.headers).expect(200);
    expect(staff.body.location).to.include({ address: '徐汇区田林路100弄5号502室', lat: 31.171234 });
  });

  describe('GET requests filters', () => {
    let march1: string;
    let march20: string;
    let closed: string;
    let light: string;

    before(async () => {
      clock.set(new Date('2026-03-01T02:00:00Z'));
      march1 = await created(noise());
      clock.set(new Date('2026-03-20T02:00:00Z'));
      march20 = await created(noise());
      light = await created({ service_code: 'TRANSPORT.ROAD.STREETLIGHT', ...XUJIAHUI });
      closed = await created(noise());
      // Closed the way people close it (not by writing the row), so the metrics stay true for the
      // recounts of later test files that share the database.
      clock.set(new Date('2026-03-21T02:00:00Z'));
      const cast = await makeCast(h);
      const { act, expectOk } = lifecycleDriver(h, cast);
      await expectOk(await act(cast.dispatcher, closed, 'dispatch'));
      await expectOk(await act(cast.handler, closed, 'accept'));
      await expectOk(await act(cast.handler, closed, 'reply', { result: '已约谈广场舞团队，音量已调低', outcome: 'resolved' }));
      await expectOk(await act(cast.operator, closed, 'survey'));
    });
    after(() => clock.set(new Date('2026-11-28T06:03:00Z')));

    it('when no dates are given, then the last 90 days are listed, newest first', async () => {
      clock.set(new Date('2026-06-05T02:00:00Z'));
      const listed = ids((await get('requests.json')).body);
      expect(listed).to.include.members([march20, light, closed]).and.not.include(march1);
      const mine = listed.filter((id) => [march20, light, closed].includes(id as string));
      expect(mine).to.deep.equal([closed, light, march20]);
    });

    it('when start_date and end_date are given, then only requests made in that range are listed', async () => {
      const res = await get('requests.xml?start_date=2026-02-28T00:00:00%2B08:00&end_date=2026-03-02T00:00:00Z');
      expect(res.status).to.equal(200);
      const listed = ids(list(res, 'xml'));
      expect(listed).to.include(march1).and.not.include(march20);
    });

    it('when service_code and status are given, then only those are listed, with the reply as status notes of a closed one', async () => {
      const range = 'start_date=2026-03-19&end_date=2026-03-21';
      const closedOnes = (await get(`requests.json?${range}&status=closed&service_code=ENV.NOISE.SOCIAL,TRANSPORT.ROAD.STREETLIGHT`)).body as Row[];
      expect(ids(closedOnes)).to.include(closed).and.not.include(march20).and.not.include(light);
      const c = closedOnes.find((r) => r.service_request_id === closed) as Row;
      expect(c).to.include({ status: 'closed', status_notes: '已约谈广场舞团队，音量已调低', agency_responsible: '徐汇区生态环境局' });
      // The reply clock's due time, in Shanghai time as the spec's examples write it.
      const { reply_due_at: due } = await h.c.db('tickets').where({ ticket_no: closed }).first('reply_due_at');
      expect(c.expected_datetime).to.match(/\+08:00$/);
      expect(new Date(c.expected_datetime as string).getTime()).to.equal(due.getTime());
      expect(c.updated_datetime).to.equal('2026-03-21T10:00:00+08:00');

      const openNoise = ids((await get(`requests.json?${range}&status=open&service_code=ENV.NOISE.SOCIAL`)).body);
      expect(openNoise).to.include(march20).and.not.include(closed).and.not.include(light);
    });

    it('when service_request_id lists ids, then exactly those come back whatever the other filters say', async () => {
      const res = await get(`requests.xml?service_request_id=${march1},${light}&status=closed&service_code=OTHER.GENERAL`);
      expect(res.status).to.equal(200);
      expect(ids(list(res, 'xml'))).to.have.members([march1, light]);
    });
  });
});
