import { expect } from 'chai';
import { slaClock, slaFlags } from '../../src/modules/sla/index.js';

const dispatchedAt = new Date('2017-03-06T01:00:00Z');
const acceptDueAt = new Date('2017-03-07T01:00:00Z'); // 24 h later: at risk after 19.2 h
const replyDueAt = new Date('2017-03-13T01:00:00Z');
const ticket = (status: string) => ({ status, dispatched_at: dispatchedAt, accept_due_at: acceptDueAt, reply_due_at: replyDueAt });
const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);

describe('the running SLA clock (SPEC section 6)', () => {
  it('when a ticket is dispatched, then the accept clock runs from dispatch to acceptDueAt', () => {
    expect(slaClock(ticket('dispatched'), dispatchedAt)).to.deep.equal({
      kind: 'accept',
      dueAt: acceptDueAt,
      atRiskAt: new Date('2017-03-06T20:12:00Z'),
      state: 'ok',
    });
  });

  it('when a ticket is accepted, then the reply clock runs from dispatch to replyDueAt', () => {
    const clock = slaClock(ticket('accepted'), dispatchedAt);
    expect(clock).to.include({ kind: 'reply', dueAt: replyDueAt, state: 'ok' });
    expect(clock?.atRiskAt).to.deep.equal(new Date('2017-03-11T15:24:00Z'));
  });

  it('when 80% of the time has passed, then at_risk; at the due time itself still at_risk; a millisecond later overdue', () => {
    const atRiskAt = new Date('2017-03-06T20:12:00Z');
    expect(slaClock(ticket('dispatched'), plus(atRiskAt, -1))?.state).to.equal('ok');
    expect(slaClock(ticket('dispatched'), atRiskAt)?.state).to.equal('at_risk');
    expect(slaClock(ticket('dispatched'), acceptDueAt)?.state).to.equal('at_risk');
    expect(slaClock(ticket('dispatched'), plus(acceptDueAt, 1))?.state).to.equal('overdue');
  });

  it('when no department clock runs (pending, returned, replied, closed, ...), then there is no clock', () => {
    for (const status of ['answered', 'pending_dispatch', 'returned', 'replied', 'closed', 'merged', 'transferred_110', 'cancelled']) {
      expect(slaClock(ticket(status), dispatchedAt), status).to.equal(null);
    }
    expect(slaClock({ ...ticket('dispatched'), dispatched_at: null }, dispatchedAt)).to.equal(null);
  });

  it("when a ticket is accepted, then the atRisk and overdue flags say what the reply clock's state says", () => {
    for (const now of [dispatchedAt, new Date('2017-03-12T00:00:00Z'), plus(replyDueAt, 1)]) {
      const state = slaClock(ticket('accepted'), now)?.state;
      expect(slaFlags.flags(ticket('accepted'), now)).to.deep.equal({ atRisk: state === 'at_risk', overdue: state === 'overdue' });
    }
  });
});
