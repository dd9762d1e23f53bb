import request from 'supertest';
import type { SurveyView } from '../../src/modules/surveys';
import type { Harness } from './harness';
import { makeUser, ticketBody, type TestUser } from './factories';

export interface Desk {
  operator: TestUser;
  dispatcher: TestUser;
  supervisor: TestUser;
  handler: TestUser;
}

export async function makeDesk(h: Harness): Promise<Desk> {
  return {
    operator: await makeUser(h, 'operator'),
    dispatcher: await makeUser(h, 'dispatcher'),
    supervisor: await makeUser(h, 'supervisor'),
    handler: await makeUser(h, 'handler', '310104-ENV'),
  };
}

async function ok(res: request.Response) {
  if (res.status >= 300) throw new Error(`expected success, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Tickets through the API, the way the people at the desk would move them. */
export function surveyDesk(h: Harness, d: Desk) {
  const act = (user: TestUser, ref: string | number, action: string, body: object = {}) =>
    request(h.app).post(`/api/v1/tickets/${ref}/${action}`).set(user.auth).send(body);

  async function created(overrides: Record<string, unknown> = {}) {
    return ok(await request(h.app).post('/api/v1/tickets').set(d.operator.auth).send(ticketBody(overrides)));
  }

  async function dispatched(overrides: Record<string, unknown> = {}) {
    const t = await created(overrides);
    await ok(await act(d.dispatcher, t.id, 'dispatch', { departmentCode: '310104-ENV' }));
    return t;
  }

  async function reply(id: number, outcome = 'resolved') {
    await ok(await act(d.handler, id, 'accept'));
    return ok(await act(d.handler, id, 'reply', { result: '已责令工地停止夜间施工', outcome }));
  }

  async function replied(overrides: Record<string, unknown> = {}) {
    const t = await dispatched(overrides);
    return reply(t.id);
  }

  /** The open survey of a ticket's citizen. */
  async function surveyOf(ticketId: number): Promise<number> {
    const row = await h.c.db('surveys').where({ ticket_id: ticketId }).whereNull('outcome').first();
    if (!row) throw new Error(`no open survey for ticket ${ticketId}`);
    return row.id;
  }

  /** The whole callback queue, page by page. */
  async function queue(user: TestUser = d.operator) {
    const items: SurveyView[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await request(h.app)
        .get('/api/v1/surveys/due')
        .query({ limit: 200, ...(cursor && { cursor }) })
        .set(user.auth);
      const page = await ok(res);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  const call = (surveyId: number, body: object, user: TestUser = d.operator) => request(h.app).post(`/api/v1/surveys/${surveyId}/call`).set(user.auth).send(body);

  /** Today's figures (of the harness clock) for the handler's department. */
  async function figures() {
    const day = new Date(h.c.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    return ok(await request(h.app).get('/api/v1/metrics').query({ from: day, to: day, departmentId: d.handler.departmentId }).set(d.supervisor.auth));
  }

  return { act, created, dispatched, reply, replied, surveyOf, queue, call, figures, ok };
}
