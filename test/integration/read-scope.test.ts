import { expect } from 'chai';
import type { Principal } from '../../src/shared/principal';
import { canRead, readScope } from '../../src/modules/tickets/ticket-policy';
import type { TicketRow } from '../../src/modules/tickets';
import request from 'supertest';
import { makeApiKey, makeUser, ticketBody } from '../support/factories';
import { harness } from '../support/harness';

/** The ticket policy's two forms of "who may see a ticket" (canRead for one, readScope for SQL) never disagree. */
describe('the ticket policy: readScope is canRead as a filter', () => {
  it('when every kind of caller is checked against the newest 500 tickets, then the scope admits exactly the tickets canRead allows', async () => {
    const h = await harness();
    const [operator, dispatcher] = [await makeUser(h, 'operator'), await makeUser(h, 'dispatcher')];
    const app = await makeApiKey(h, 'app');
    const departments = ['310104', '310104-ENV', '310115-ENV', null];
    for (let i = 0; i < 60; i++) {
      const viaApp = i % 4 === 3;
      const res = await request(h.app).post('/api/v1/tickets').set(viaApp ? app.headers : operator.auth).send(ticketBody(viaApp ? { channel: 'app' } : {})).expect(201);
      const code = departments[i % departments.length];
      if (code) await request(h.app).post(`/api/v1/tickets/${res.body.id}/dispatch`).set(dispatcher.auth).send({ departmentCode: code }).expect(200);
    }
    const tickets: TicketRow[] = await h.c.db('tickets').orderBy('id', 'desc').limit(500);
    const handler = await makeUser(h, 'handler', '310104');
    const street = await makeUser(h, 'handler', '310104-ENV');
    const principals: Principal[] = [
      { kind: 'user', userId: handler.id, username: 'h', role: 'handler', departmentId: handler.departmentId },
      { kind: 'user', userId: street.id, username: 's', role: 'handler', departmentId: street.departmentId },
      { kind: 'user', userId: 1, username: 'sup', role: 'supervisor', departmentId: 1 },
      { kind: 'api_key', apiKeyId: app.id, name: 'app', channels: ['app'], lines: ['12345'] },
      { kind: 'public' },
      { kind: 'system', name: 'sweep' },
    ];
    expect(tickets.length).to.be.greaterThan(50);
    for (const p of principals) {
      const scope = readScope(p, h.c.directory);
      const admitted = (t: TicketRow) =>
        (scope.departmentIds === undefined || (t.department_id !== null && scope.departmentIds.includes(t.department_id))) &&
        (scope.createdByApiKeyId === undefined || t.created_by_api_key_id === scope.createdByApiKeyId);
      const disagree = tickets.filter((t) => admitted(t) !== canRead(p, t, h.c.directory)).map((t) => t.id);
      expect(disagree, JSON.stringify(p)).to.deep.equal([]);
    }
  });
});
