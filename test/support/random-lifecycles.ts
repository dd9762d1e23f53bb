import type { UserPrincipal } from '../../src/shared/principal';
import { createTicketSchema, type TicketRow } from '../../src/modules/tickets';
import type { ManualClock } from '../../src/shared/clock';
import { AppError } from '../../src/shared/errors';
import type { Harness } from './harness';
import { makeUser, ticketBody } from './factories';
// The benchmarks' generator (mulberry32): a failing seed replays the same lifecycles.
import { seededRandom } from '../../bench/lib/stats';

// Districts (whose handlers can pass down to sub-units) and bureaus, on different parts of the tree.
const DEPARTMENTS = ['310104', '310104-ENV', '310115-ENV', '310115', 'SH-ENV', 'SH-HOUSING'];

/**
 * Plays random lifecycles through the real services: intake, routing and manual dispatch, returns,
 * pass-downs, extensions, replies, phone and link surveys, merges, reopenings, transfers and
 * cancellations, with the clock moving minutes to days between rounds. Refused moves (409, 400)
 * are part of the game; anything else fails the test.
 */
export async function lifecyclePlayer(h: Harness, clock: ManualClock, seed: number) {
  const rnd = seededRandom(seed);
  const staff = async (role: 'operator' | 'dispatcher' | 'supervisor' | 'handler'): Promise<UserPrincipal> => {
    const u = await makeUser(h, role, role === 'handler' ? '310104-ENV' : 'HOTLINE');
    return { kind: 'user', userId: u.id, username: role, role, departmentId: u.departmentId };
  };
  const [operator, dispatcher, supervisor, handlerUser] = [await staff('operator'), await staff('dispatcher'), await staff('supervisor'), await staff('handler')];
  const handlerOf = (t: TicketRow): UserPrincipal => ({ ...handlerUser, departmentId: t.department_id as number });
  const tickets = new Map<number, TicketRow>();
  const departmentCode = () => rnd.pick(DEPARTMENTS);

  async function create(): Promise<void> {
    const onSpot = rnd.next() < 0.15;
    const input = createTicketSchema.parse(
      ticketBody({
        line: rnd.weighted([[6, '12345'], [3, '12369'], [1, '110']]),
        channel: rnd.weighted([[6, 'phone'], [2, 'web'], [2, 'app'], [1, 'wechat'], [1, 'email']]),
        type: onSpot ? 'consult' : rnd.pick(['consult', 'help', 'complaint', 'report', 'suggestion', 'praise']),
        urgency: rnd.weighted([[16, 'normal'], [3, 'urgent'], [1, 'critical']]),
        citizen: { name: '市民', phone: `139${String(rnd.int(0, 99_999_999)).padStart(8, '0')}`, callbackConsent: rnd.next() < 0.85 },
        ...(onSpot && { answeredOnSpot: { answer: '已当场解答' } }),
      }),
    );
    const { ticket } = await h.c.tickets.createTicket(operator, input);
    tickets.set(ticket.id, ticket);
  }

  /** A random move that makes sense for the ticket's status (the engine still has the last word). */
  function moveFor(t: TicketRow): (() => Promise<unknown>) | null {
    const act = (who: UserPrincipal | { kind: 'system'; name: string }, action: never, body: object) => () => h.c.engine.perform(who, t.id, action, body as never);
    const others = [...tickets.values()].filter((o) => o.id !== t.id && ['pending_dispatch', 'dispatched', 'accepted', 'returned', 'replied'].includes(o.status));
    const merge = others.length ? act(dispatcher, 'merge' as never, { parentId: rnd.pick(others).id }) : null;
    const children = t.department_id === null ? [] : h.c.directory.children(t.department_id).filter((c) => c.kind !== 'external');
    switch (t.status) {
      case 'pending_dispatch':
        return rnd.weighted<(() => Promise<unknown>) | null>([
          [10, act(dispatcher, 'dispatch' as never, { departmentCode: departmentCode() })],
          [4, act({ kind: 'system', name: 'routing-worker' }, 'route' as never, { departmentCode: departmentCode() })],
          [1, act(operator, 'transfer-110' as never, { reason: '涉及人身安全' })],
          [1, act(supervisor, 'cancel' as never, { reason: '重复来电' })],
          [2, merge],
        ]);
      case 'dispatched':
        return rnd.weighted<(() => Promise<unknown>) | null>([
          [10, act(handlerOf(t), 'accept' as never, {})],
          [2, act(handlerOf(t), 'return' as never, { reason: '不属于本单位职责' })],
          [2, children.length ? act(handlerOf(t), 'pass-down' as never, { departmentCode: rnd.pick(children).code }) : null],
          [1, act(supervisor, 'urge' as never, { note: '请尽快处理' })],
          [1, merge],
        ]);
      case 'accepted':
        if (t.pending_extension_days !== null) return act(supervisor, 'extension/decision' as never, { approve: rnd.next() < 0.7 });
        return rnd.weighted<(() => Promise<unknown>) | null>([
          [10, act(handlerOf(t), 'reply' as never, { result: '已处理', outcome: rnd.pick(['resolved', 'resolved', 'partly', 'unresolved', 'explained']) })],
          [2, act(handlerOf(t), 'extension' as never, { workingDays: rnd.int(1, 3), reason: '需要现场勘查' })],
          [1, act(handlerOf(t), 'return' as never, { reason: '不属于本单位职责' })],
          [1, act(supervisor, 'cancel' as never, { reason: '市民撤回' })],
        ]);
      case 'returned':
        return act(dispatcher, 'dispatch' as never, { departmentCode: rnd.next() < 0.3 && t.department_id ? (h.c.directory.get(t.department_id)?.code as string) : departmentCode() });
      case 'replied':
        if (!t.callback_consent) return null; // the survey worker's
        return rnd.weighted<(() => Promise<unknown>) | null>([
          [3, act(operator, 'survey' as never, { reached: false })],
          [5, act(operator, 'survey' as never, { reached: true, resolved: rnd.pick(['resolved', 'partly', 'not']), satisfaction: 'satisfied' })],
          [2, act(operator, 'survey' as never, { reached: true, satisfaction: 'basically_satisfied' })],
          [3, act(operator, 'survey' as never, { reached: true, contacted: false, resolved: 'not', satisfaction: 'dissatisfied' })],
          [2, () => answerByLink(t.id)],
        ]);
      case 'closed':
        return rnd.next() < 0.08 ? act(supervisor, 'reopen' as never, { reason: '市民再次反映' }) : null;
      default:
        return null;
    }
  }

  async function answerByLink(ticketId: number): Promise<void> {
    const survey = await h.c.db('surveys').where({ ticket_id: ticketId }).whereNull('outcome').first();
    if (!survey) return;
    const { token } = await h.c.surveys.issueLink(survey.id, { send: false });
    await h.c.surveys.answerByLink(token as string, { satisfaction: rnd.pick(['satisfied', 'basically_satisfied', 'dissatisfied']), resolved: 'resolved' });
  }

  /** Citizens of merged tickets answer (or not) on their own surveys. */
  async function mergedSurveys(): Promise<void> {
    const open = await h.c.db('surveys').whereRaw('ticket_id <> replied_ticket_id').whereNull('outcome').select('id');
    for (const s of open) {
      if (rnd.next() < 0.5) continue;
      const body = rnd.weighted([[2, { reached: false }], [3, { reached: true, satisfaction: rnd.pick(['satisfied', 'basically_satisfied', 'dissatisfied'] as const) }]]);
      await tolerate(() => h.c.surveys.recordCall(operator, s.id, body));
    }
  }

  async function tolerate(move: () => Promise<unknown>): Promise<void> {
    try {
      await move();
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
    }
  }

  async function refresh(): Promise<void> {
    const rows: TicketRow[] = await h.c.db('tickets').whereIn('id', [...tickets.keys()]);
    for (const r of rows) tickets.set(r.id, r);
  }

  return {
    /** One round: new calls, a burst of concurrent moves on different tickets, then time passes. */
    async round(): Promise<void> {
      for (let i = rnd.int(0, 9); i > 0; i--) await create();
      await refresh();
      const movable = [...tickets.values()].filter((t) => !['answered', 'merged', 'transferred_110', 'cancelled'].includes(t.status));
      const moves = movable
        .map((t) => ({ t, order: rnd.next() }))
        .sort((a, b) => a.order - b.order)
        .slice(0, 16)
        .map(({ t }) => t)
        .map(moveFor)
        .filter((m): m is () => Promise<unknown> => m !== null);
      await Promise.all(moves.map(tolerate));
      await mergedSurveys();
      await h.c.surveys.closeWithoutConsent();
      clock.advance(rnd.weighted([[4, rnd.int(10, 90) * 60_000], [3, rnd.int(2, 10) * 3_600_000], [3, rnd.int(24, 48) * 3_600_000]]));
    },
    ticketIds: () => [...tickets.keys()],
  };
}
