import { expect } from 'chai';
import request from 'supertest';
import { harness, isolatedHarness, type Harness } from '../support/harness';
import { makeApiKey, makeUser, ticketBody, ticketsWithDescription, type TestUser } from '../support/factories';
import { routingMessageOf, routingMessagesOf } from '../support/outbox';

describe('ticket intake (POST /api/v1/tickets)', () => {
  let h: Harness;
  let operator: TestUser;

  before(async () => {
    h = await harness();
    operator = await makeUser(h, 'operator');
  });

  const post = (body: unknown, headers: Record<string, string> = operator.auth) =>
    request(h.app).post('/api/v1/tickets').set(headers).send(body as object);

  describe('when an operator creates a ticket during a call', () => {
    it('then it answers 201 with a time-sortable ticket number, pending dispatch, durable with its first event', async () => {
      const body = ticketBody();
      const res = await post(body);
      expect(res.status).to.equal(201);
      expect(res.body.ticketNo).to.match(/^\d{8}-\d{6}$/);
      expect(res.body.status).to.equal('pending_dispatch');
      expect(res.body.citizen.phone).to.equal('138****5678');
      expect(res.body.location.districtCode).to.equal('310104');

      const row = await h.c.db('tickets').where({ id: res.body.id }).first();
      expect(row.description).to.equal(body.description);
      const events = await h.c.db('ticket_events').where({ ticket_id: res.body.id });
      expect(events.map((e) => [e.action, e.to_status])).to.deep.equal([['create', 'pending_dispatch']]);
    });

    it('then the routing job reaches the queue', async () => {
      const res = await post(ticketBody());
      const outbox = await routingMessageOf(h.c.db, res.body.id);
      expect(outbox.published_at).to.not.equal(null);
      const job = await h.c.queues.get('routing').getJob(`outbox-${outbox.id}`);
      expect(job?.data).to.deep.equal({ ticketIds: [res.body.id] });
    });

    it('then the same ticket reads back by id and by ticket number with its timeline', async () => {
      const created = (await post(ticketBody())).body;
      for (const ref of [created.id, created.ticketNo]) {
        const res = await request(h.app).get(`/api/v1/tickets/${ref}`).set(operator.auth);
        expect(res.status).to.equal(200);
        expect(res.body.id).to.equal(created.id);
        expect(res.body.timeline).to.have.length(1);
        expect(res.body.suggestedDuplicates).to.deep.equal([]);
      }
    });
  });

  it('when the call is answered on the spot, then the ticket is created already answered and is not routed', async () => {
    const res = await post(ticketBody({ type: 'consult', answeredOnSpot: { answer: '居住证请到社区事务受理服务中心办理' } }));
    expect(res.status).to.equal(201);
    expect(res.body.status).to.equal('answered');
    expect(res.body.answer).to.contain('居住证');
    expect(await routingMessagesOf(h.c.db, [res.body.id])).to.have.length(0);
  });

  describe('bad input changes nothing', () => {
    it('when required fields are missing or wrong, then 400 names every failing field', async () => {
      const res = await post({ line: '999', channel: 'fax', description: '' });
      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
      const fields = res.body.error.details.map((d: { field: string }) => d.field);
      expect(fields).to.include.members(['line', 'channel', 'type', 'description']);
    });

    it('when the JSON is malformed, then 400 INVALID_JSON', async () => {
      const res = await request(h.app).post('/api/v1/tickets').set(operator.auth).set('Content-Type', 'application/json').send('{"line": "12345",');
      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('INVALID_JSON');
    });

    it('when the body is not JSON, then 415 UNSUPPORTED_MEDIA_TYPE', async () => {
      const body = ticketBody();
      const res = await request(h.app).post('/api/v1/tickets').set(operator.auth).set('Content-Type', 'text/plain').send(JSON.stringify(body));
      expect(res.status).to.equal(415);
      expect(res.body.error.code).to.equal('UNSUPPORTED_MEDIA_TYPE');
      expect(await ticketsWithDescription(h, body.description)).to.equal(0);
    });

    it('when the body is over 64 kB, then 413 PAYLOAD_TOO_LARGE', async () => {
      const res = await post(ticketBody({ title: 'x'.repeat(70_000) }));
      expect(res.status).to.equal(413);
      expect(res.body.error.code).to.equal('PAYLOAD_TOO_LARGE');
    });

    it('when the description is over 4000 characters, then 400 naming description', async () => {
      const res = await post(ticketBody({ description: '噪'.repeat(4001) }));
      expect(res.status).to.equal(400);
      expect(res.body.error.details.map((d: { field: string }) => d.field)).to.deep.equal(['description']);
    });

    it('when the category and district codes are unknown, then 400 names both and writes nothing', async () => {
      const body = ticketBody({ categoryCode: 'NO.SUCH', location: { districtCode: '310199' } });
      const res = await post(body);
      expect(res.status).to.equal(400);
      expect(res.body.error.details.map((d: { field: string }) => d.field)).to.have.members(['categoryCode', 'location.districtCode']);
      expect(await ticketsWithDescription(h, body.description)).to.equal(0);
    });

    it('when an unknown field is sent, then 400 names it', async () => {
      const res = await post(ticketBody({ priority: 'high' }));
      expect(res.status).to.equal(400);
      expect(res.body.error.details[0].message).to.contain('priority');
      expect(res.body.error.details[0].field).to.equal('priority');
    });

    it('when a ticket reference is neither an id nor a ticket number, then 400 naming the reference (never a 500)', async () => {
      for (const ref of ['1e5', 'abc', '99999999999999999999', '0']) {
        const res = await request(h.app).get(`/api/v1/tickets/${ref}`).set(operator.auth);
        expect(res.status, ref).to.equal(400);
        expect(res.body.error.details[0].field).to.equal('ticket reference');
      }
    });

    it('when no credentials are sent, then 401 and nothing is written', async () => {
      const body = ticketBody();
      const res = await request(h.app).post('/api/v1/tickets').send(body);
      expect(res.status).to.equal(401);
      expect(res.body.error.code).to.equal('UNAUTHENTICATED');
      expect(await ticketsWithDescription(h, body.description)).to.equal(0);
    });

    it('when a handler tries to create a ticket, then 403', async () => {
      const handler = await makeUser(h, 'handler');
      const res = await post(ticketBody(), handler.auth);
      expect(res.status).to.equal(403);
    });
  });

  describe('partner API keys', () => {
    it('when the 110 platform hands over a non-emergency matter, then it is created on line 110 with its incident number', async () => {
      const key = await makeApiKey(h, '110');
      const res = await post(ticketBody({ line: '110', channel: 'transfer', externalRef: '110-20261128-0042' }), key.headers);
      expect(res.status).to.equal(201);
      expect(res.body.externalRef).to.equal('110-20261128-0042');
    });

    it('when 110 posts the same externalRef twice (or ten times at once), then there is one ticket, and each repeat answers 200 with it; different content under it is 409 EXTERNAL_REF_REUSED', async () => {
      const key = await makeApiKey(h, '110');
      const incident = `110-${process.pid}-${Date.now()}`;
      const body = ticketBody({ line: '110', channel: 'transfer', externalRef: incident });
      const first = await post(body, key.headers);
      expect(first.status).to.equal(201);
      const again = await post(body, key.headers);
      expect(again.status).to.equal(200);
      expect(again.body.ticketNo).to.equal(first.body.ticketNo);
      const burst = await Promise.all(Array.from({ length: 10 }, () => post(body, key.headers)));
      expect(burst.map((r) => r.status)).to.deep.equal(Array(10).fill(200));
      expect(new Set(burst.map((r) => r.body.ticketNo))).to.deep.equal(new Set([first.body.ticketNo]));
      expect(await h.c.db('tickets').where({ external_ref: incident })).to.have.length(1);

      const changed = await post({ ...body, description: `${body.description} 另一件事` }, key.headers);
      expect(changed.status).to.equal(409);
      expect(changed.body.error.code).to.equal('EXTERNAL_REF_REUSED');
      // Per partner: another key's reference of the same text is its own matter.
      const other = await makeApiKey(h, '110');
      expect((await post(body, other.headers)).status).to.equal(201);
      expect(await h.c.db('tickets').where({ external_ref: incident })).to.have.length(2);
    });

    it('when a key is used for a line it may not use, then 403 LINE_NOT_ALLOWED and nothing is written', async () => {
      const key = await makeApiKey(h, 'app');
      const body = ticketBody({ line: '110', channel: 'app' });
      const res = await post(body, key.headers);
      expect(res.status).to.equal(403);
      expect(res.body.error.code).to.equal('LINE_NOT_ALLOWED');
      expect(await ticketsWithDescription(h, body.description)).to.equal(0);
    });

    it('when a key is used for a channel it may not use, then 403 CHANNEL_NOT_ALLOWED', async () => {
      const key = await makeApiKey(h, 'app');
      const res = await post(ticketBody({ channel: 'phone' }), key.headers);
      expect(res.status).to.equal(403);
      expect(res.body.error.code).to.equal('CHANNEL_NOT_ALLOWED');
    });

    it('when a partner reads a ticket another partner handed in, then 404', async () => {
      const app = await makeApiKey(h, 'app');
      const other = await makeApiKey(h, 'app');
      const created = await post(ticketBody({ channel: 'app' }), app.headers);
      expect((await request(h.app).get(`/api/v1/tickets/${created.body.id}`).set(app.headers)).status).to.equal(200);
      expect((await request(h.app).get(`/api/v1/tickets/${created.body.id}`).set(other.headers)).status).to.equal(404);
    });

    it('when the API key is wrong, then 401 INVALID_API_KEY', async () => {
      const res = await post(ticketBody(), { 'X-Api-Key': 'hk_app_not-a-real-key-at-all' });
      expect(res.status).to.equal(401);
      expect(res.body.error.code).to.equal('INVALID_API_KEY');
    });
  });

  describe('Idempotency-Key', () => {
    it('when the same key and body are sent twice, then 201 then 200 with the same ticket, never two', async () => {
      const body = ticketBody();
      const key = `twice-${Date.now()}`;
      const first = await post(body, { ...operator.auth, 'Idempotency-Key': key });
      const second = await post(body, { ...operator.auth, 'Idempotency-Key': key });
      expect([first.status, second.status]).to.deep.equal([201, 200]);
      expect(second.body.id).to.equal(first.body.id);
      expect(await ticketsWithDescription(h, body.description)).to.equal(1);
    });

    it('when the same key arrives 10 times at once, then exactly one ticket exists', async () => {
      const body = ticketBody();
      const key = `race-${Date.now()}`;
      const results = await Promise.all(Array.from({ length: 10 }, () => post(body, { ...operator.auth, 'Idempotency-Key': key })));
      expect(results.filter((r) => r.status === 201)).to.have.length(1);
      expect(results.filter((r) => r.status === 200)).to.have.length(9);
      expect(new Set(results.map((r) => r.body.id)).size).to.equal(1);
      expect(await ticketsWithDescription(h, body.description)).to.equal(1);
    });

    it('when the key is empty or longer than 200 characters, then 400 names the header and nothing is written', async () => {
      for (const key of ['', 'k'.repeat(201)]) {
        const description = `键无效 ${key.length} ${Date.now()}`;
        const res = await post(ticketBody({ description }), { ...operator.auth, 'Idempotency-Key': key });
        expect(res.status).to.equal(400);
        expect(res.body.error.details[0].field).to.equal('Idempotency-Key header');
        expect(await ticketsWithDescription(h, description)).to.equal(0);
      }
    });

    it('when the same key is reused with a different body, then 409 IDEMPOTENCY_KEY_REUSED', async () => {
      const key = `reuse-${Date.now()}`;
      expect((await post(ticketBody(), { ...operator.auth, 'Idempotency-Key': key })).status).to.equal(201);
      const res = await post(ticketBody(), { ...operator.auth, 'Idempotency-Key': key });
      expect(res.status).to.equal(409);
      expect(res.body.error.code).to.equal('IDEMPOTENCY_KEY_REUSED');
    });
  });

  it('when 50 tickets are created at once, then they get 50 distinct ticket numbers', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => post(ticketBody())));
    expect(results.every((r) => r.status === 201)).to.equal(true);
    expect(new Set(results.map((r) => r.body.ticketNo)).size).to.equal(50);
  });

  // Concurrent calls are written together (ticket-intake.ts): each must still be whole on its own.
  describe('when many calls arrive at once and are written together', () => {
    const intakeToday = async () => {
      const res = await request(h.app).get('/api/v1/metrics?window=today').set(supervisor.auth);
      return res.body.intake.total as number;
    };
    let supervisor: TestUser;
    before(async () => {
      supervisor = await makeUser(h, 'supervisor');
    });

    it('then every ticket has its own number in time order, its first event, its routing message and its count', async () => {
      const countedBefore = await intakeToday();
      const bodies = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? { ...ticketBody(), answeredOnSpot: { answer: '已解答政策咨询' } } : ticketBody()));
      const results = await Promise.all(bodies.map((b) => post(b)));
      expect(results.map((r) => r.status)).to.deep.equal(bodies.map(() => 201));
      const ids = results.map((r) => r.body.id as number);

      const rows = await h.c.db('tickets').whereIn('id', ids).orderBy('ticket_no').select('id', 'ticket_no', 'status', 'created_at');
      expect(new Set(rows.map((r) => r.ticket_no)).size).to.equal(60);
      const times = rows.map((r) => r.created_at.getTime());
      expect(times).to.deep.equal([...times].sort((a, b) => a - b)); // a later number never has an earlier time
      const events = await h.c.db('ticket_events').whereIn('ticket_id', ids).select('ticket_id', 'action');
      expect(events.length).to.equal(60);
      expect(new Set(events.map((e) => e.ticket_id)).size).to.equal(60);
      const pending = rows.filter((r) => r.status === 'pending_dispatch').map((r) => r.id as number);
      expect(pending.length).to.equal(40);
      // A batch hands its tickets to routing in one message: every ticket to route is named once.
      const outbox = await routingMessagesOf(h.c.db, pending).select('published_at', 'payload');
      const named = outbox.flatMap((o) => o.payload.ticketIds as number[]);
      expect(named.filter((id) => pending.includes(id)).sort((a, b) => a - b)).to.deep.equal([...pending].sort((a, b) => a - b));
      expect(outbox.every((o) => o.published_at !== null)).to.equal(true);
      expect(await intakeToday()).to.equal(countedBefore + 60);
    });

    it('when one of them cannot be written, then the others are created and that one writes nothing', async () => {
      // A fault the validation cannot see: the database refuses one particular ticket.
      await h.c.db.raw(`create or replace function test_refuse_ticket() returns trigger language plpgsql as $$
        begin if new.description like '%FAULT-INJECTED%' then raise exception 'refused by test trigger'; end if; return new; end $$`);
      await h.c.db.raw('create trigger test_refuse_ticket before insert on tickets for each row execute function test_refuse_ticket()');
      try {
        const bodies = Array.from({ length: 30 }, (_, i) => ({ ...ticketBody(), description: i === 7 ? '噪音扰民 FAULT-INJECTED' : `噪音扰民，批量第${i}件` }));
        const results = await Promise.all(bodies.map((b) => post(b)));
        expect(results.filter((r) => r.status === 201).length).to.equal(29);
        expect(results[7].status).to.equal(500);
        expect(await ticketsWithDescription(h, '噪音扰民 FAULT-INJECTED')).to.equal(0);
      } finally {
        await h.c.db.raw('drop trigger test_refuse_ticket on tickets');
        await h.c.db.raw('drop function test_refuse_ticket()');
      }
    });

    it('when one new Idempotency-Key arrives twice at once with different bodies, then one is created and the other is 409', async () => {
      const key = `batch-${Date.now()}`;
      const [a, b] = await Promise.all([post(ticketBody(), { ...operator.auth, 'idempotency-key': key }), post({ ...ticketBody(), description: '另一件事' }, { ...operator.auth, 'idempotency-key': key })]);
      expect([a.status, b.status].sort()).to.deep.equal([201, 409]);
      expect((a.status === 409 ? a : b).body.error.code).to.equal('IDEMPOTENCY_KEY_REUSED');
      expect(await h.c.db('tickets').where({ idempotency_key: key }).count({ n: '*' })).to.deep.equal([{ n: 1 }]);
    });
  });

  describe('when Redis is down', () => {
    it('then intake still answers 201 and the relay hands the routing job over once Redis is back', async () => {
      // A container whose Redis address answers nothing: the ticket must still be durable.
      const down = await isolatedHarness({ env: { REDIS_URL: 'redis://127.0.0.1:6399' } });
      const res = await request(down.app).post('/api/v1/tickets').set(operator.auth).send(ticketBody());
      expect(res.status).to.equal(201);
      const outbox = await routingMessageOf(h.c.db, res.body.id);
      expect(outbox.published_at).to.equal(null);

      // The relay of a process that reaches Redis picks it up.
      let relayed = 0;
      for (let i = 0; i < 5 && relayed === 0; i++) relayed = await h.c.publisher.relayOnce(1000, 0);
      const after = await h.c.db('outbox').where({ id: outbox.id }).first();
      expect(after.published_at).to.not.equal(null);
      const job = await h.c.queues.get('routing').getJob(`outbox-${outbox.id}`);
      expect(job?.data).to.deep.equal({ ticketIds: [res.body.id] });
    });
  });
});
