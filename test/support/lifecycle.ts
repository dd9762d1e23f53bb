import request from 'supertest';
import type { Harness } from './harness';
import { makeUser, ticketBody, type TestUser } from './factories';

export interface Cast {
  operator: TestUser;
  dispatcher: TestUser;
  supervisor: TestUser;
  admin: TestUser;
  handler: TestUser; // 310104-ENV
  otherHandler: TestUser; // 310115-ENV: must never see 310104's tickets
}

/** One user of each role, with handlers in two departments. */
export async function makeCast(h: Harness): Promise<Cast> {
  return {
    operator: await makeUser(h, 'operator'),
    dispatcher: await makeUser(h, 'dispatcher'),
    supervisor: await makeUser(h, 'supervisor'),
    admin: await makeUser(h, 'admin'),
    handler: await makeUser(h, 'handler', '310104-ENV'),
    otherHandler: await makeUser(h, 'handler', '310115-ENV'),
  };
}

/** A valid body for every action, for tests that care about who and when rather than what. */
export const validBodies: Record<string, object> = {
  dispatch: { departmentCode: '310104-ENV' },
  accept: {},
  return: { reason: '不属于本单位职责' },
  'pass-down': { departmentCode: '310104-01' },
  extension: { workingDays: 2, reason: '需要现场勘查' },
  'extension/decision': { approve: true },
  reply: { result: '已责令工地停止夜间施工', outcome: 'resolved' },
  survey: { reached: true, contacted: true, resolved: 'resolved', satisfaction: 'satisfied' },
  reopen: { reason: '市民再次反映' },
  urge: { note: '请尽快处理' },
  'transfer-110': { reason: '涉及人身安全' },
  cancel: { reason: '重复来电' },
  'follow-up': { kind: 'chase', note: '市民来电催促尽快处理' },
  'dismiss-withdrawal': { reason: '问题仍在，继续办理' },
  'attach-caller': { citizen: { name: '李女士', phone: '13900001111' } },
  'not-emergency': { reason: '市民说明只是描述过去的事' },
};

export function lifecycleDriver(h: Harness, cast: Cast) {
  const act = (user: TestUser | { headers: Record<string, string> }, ref: string | number, action: string, body: object = validBodies[action] ?? {}) =>
    request(h.app)
      .post(`/api/v1/tickets/${ref}/${action}`)
      .set('auth' in user ? user.auth : user.headers)
      .send(body);

  async function expectOk(res: request.Response) {
    if (res.status !== 200 && res.status !== 201) throw new Error(`expected success, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async function create(overrides: Record<string, unknown> = {}) {
    return expectOk(await request(h.app).post('/api/v1/tickets').set(cast.operator.auth).send(ticketBody(overrides)));
  }

  /** A fresh ticket brought to `status` through the API, the way people would. */
  async function ticketIn(status: string): Promise<{ id: number; ticketNo: string }> {
    if (status === 'answered') return create({ type: 'consult', answeredOnSpot: { answer: '已当场解答' } });
    const t = await create();
    if (status === 'pending_dispatch') return t;
    if (status === 'transferred_110') return expectOk(await act(cast.operator, t.id, 'transfer-110'));
    if (status === 'merged') {
      const parent = await create();
      return expectOk(await act(cast.dispatcher, t.id, 'merge', { parentId: parent.id }));
    }
    await expectOk(await act(cast.dispatcher, t.id, 'dispatch'));
    if (status === 'dispatched') return t;
    if (status === 'returned') return expectOk(await act(cast.handler, t.id, 'return'));
    if (status === 'cancelled') return expectOk(await act(cast.supervisor, t.id, 'cancel'));
    await expectOk(await act(cast.handler, t.id, 'accept'));
    if (status === 'accepted') return t;
    await expectOk(await act(cast.handler, t.id, 'reply'));
    if (status === 'replied') return t;
    await expectOk(await act(cast.operator, t.id, 'survey'));
    if (status === 'closed') return t;
    throw new Error(`no path to ${status}`);
  }

  /** The ticket as `user` reads it. */
  async function get(user: TestUser, ref: string | number) {
    return expectOk(await request(h.app).get(`/api/v1/tickets/${ref}`).set(user.auth));
  }

  return { act, create, ticketIn, expectOk, get };
}
