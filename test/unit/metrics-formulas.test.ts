import { expect } from 'chai';
import { bucketOf, bucketUpperSeconds, deltasOfChange, emptySums, figures, percentileSeconds, type Sums } from '../../src/modules/metrics';
import { addToHistogram, zeroCounters, type Histogram } from '../../src/modules/metrics/metric-counters';
import type { TicketChangeFact, TicketRow } from '../../src/modules/tickets';
import { seededRandom } from '../../bench/lib/stats';

function sums(overrides: Partial<Sums> = {}): Sums {
  return { ...emptySums(), ...overrides };
}

describe('metric formulas (SPEC section 8)', () => {
  describe('duration buckets', () => {
    it('when durations grow, then their buckets never go down, and under a second is bucket 0', () => {
      let last = 0;
      for (let ms = 0; ms < 400 * 86_400_000; ms = ms * 1.01 + 17) {
        const b = bucketOf(ms);
        expect(b).to.be.at.least(last);
        last = b;
      }
      expect(bucketOf(0)).to.equal(0);
      expect(bucketOf(999)).to.equal(0);
    });

    it("when a duration is bucketed, then its bucket's upper bound is above it by at most 4.4%", () => {
      const next = seededRandom(7).next;
      for (let i = 0; i < 5000; i++) {
        const ms = 1000 + Math.floor(next() * 30 * 86_400_000);
        const upper = bucketUpperSeconds(bucketOf(ms)) * 1000;
        expect(upper).to.be.at.least(ms - 1);
        expect(upper / ms).to.be.below(1.0443);
      }
    });

    it('when 1000 random durations are counted, then the p90 read from the buckets is the exact nearest-rank p90 rounded up to its bucket', () => {
      const next = seededRandom(42).next;
      const durations = Array.from({ length: 1000 }, () => Math.floor(next() ** 3 * 5 * 86_400_000));
      const h: Histogram = new Map();
      for (const ms of durations) addToHistogram(h, bucketOf(ms), 1);
      const exact = [...durations].sort((a, b) => a - b)[Math.ceil(0.9 * durations.length) - 1];
      expect(percentileSeconds(h, 0.9)).to.equal(bucketUpperSeconds(bucketOf(exact)));
      expect(percentileSeconds(new Map(), 0.9)).to.equal(null);
    });
  });

  describe('figures', () => {
    it('when nothing was counted, then every rate is null rather than 0%', () => {
      const f = figures(sums());
      expect([f.intake.answeredOnSpotRate, f.sla.onTimeRate, f.sla.acceptOnTimeRate, f.survey.satisfactionRate, f.survey.resolvedRate]).to.deep.equal([null, null, null, null, null]);
      expect(f.sla.timeToAccept).to.deep.equal({ count: 0, meanSeconds: null, p90Seconds: null });
    });

    it('when surveys were answered, declined and unreachable, then satisfaction counts only answers and no-consent counts in no rate', () => {
      const counters = { ...zeroCounters(), survey_answered: 4, survey_satisfied: 2, survey_basically: 1, survey_dissatisfied: 1, survey_unreachable: 3, survey_no_consent: 5, survey_resolved_asked: 4, survey_resolved_yes: 1 };
      const s = figures(sums({ counters })).survey;
      expect(s.satisfactionRate).to.equal(0.75);
      expect(s.surveyed).to.equal(7);
      expect(s.noConsent).to.equal(5);
      expect(s.resolvedRate).to.equal(0.25);
    });

    it('when tickets are in several statuses, then open adds up the open ones only and every status is listed', () => {
      const f = figures(sums({ statusNow: { pending_dispatch: 2, dispatched: 3, replied: 1, closed: 9, answered: 4 } }));
      expect(f.tickets.open).to.equal(6);
      expect(f.tickets.byStatus.cancelled).to.equal(0);
      expect(f.tickets.byStatus.closed).to.equal(9);
    });

    it('when 3 of 4 replies were on time taking 1, 2, 3 and 6 hours, then the rate is 0.75 and the mean 3 hours', () => {
      const counters = { ...zeroCounters(), replied: 4, replied_on_time: 3, reply_ms: 12 * 3_600_000 };
      const f = figures(sums({ counters }));
      expect(f.sla.onTimeRate).to.equal(0.75);
      expect(f.sla.timeToReply.meanSeconds).to.equal(3 * 3600);
    });
  });

  describe('deltas of a change', () => {
    const at = new Date('2024-01-31T16:30:00Z'); // 2024-02-01 00:30 in Shanghai
    const ticket = (over: Partial<TicketRow>): TicketRow =>
      ({ id: 1, line: '12369', channel: 'web', status: 'pending_dispatch', department_id: null, first_dispatched_at: null, created_at: new Date('2024-01-30T02:00:00Z'), ...over }) as TicketRow;
    const fact = (before: TicketRow | null, after: TicketRow, action: string, data: Record<string, unknown> = {}): TicketChangeFact =>
      ({ before, after, event: { action, created_at: at, data } }) as TicketChangeFact;

    it('when a ticket is first dispatched, then it counts as dispatched on the Shanghai day and its intake (and its creation hour, 10:00 Shanghai) moves to the department on its creation day', () => {
      const before = ticket({});
      const after = ticket({ status: 'dispatched', department_id: 7, first_dispatched_at: at });
      const d = deltasOfChange(fact(before, after, 'dispatch'));
      expect(d.daily).to.deep.include({ dims: { day: '2024-02-01', departmentId: 7, line: '12369', channel: 'web' }, counters: { dispatched: 1 } });
      expect(d.daily).to.deep.include({ dims: { day: '2024-01-30', departmentId: 0, line: '12369', channel: 'web' }, counters: { intake: -1, intake_h10: -1 } });
      expect(d.daily).to.deep.include({ dims: { day: '2024-01-30', departmentId: 7, line: '12369', channel: 'web' }, counters: { intake: 1, intake_h10: 1 } });
      expect(d.status).to.deep.equal([
        { departmentId: 0, line: '12369', channel: 'web', status: 'pending_dispatch', n: -1 },
        { departmentId: 7, line: '12369', channel: 'web', status: 'dispatched', n: 1 },
      ]);
    });

    it('when a returned ticket is re-dispatched to another department, then it counts as re-dispatched for the one that returned it; dispatched back to it, nothing', () => {
      const returned = ticket({ status: 'returned', department_id: 7, first_dispatched_at: at });
      const away = deltasOfChange(fact(returned, { ...returned, status: 'dispatched', department_id: 9 }, 'dispatch'));
      expect(away.daily).to.deep.equal([{ dims: { day: '2024-02-01', departmentId: 7, line: '12369', channel: 'web' }, counters: { redispatched: 1 } }]);
      const back = deltasOfChange(fact(returned, { ...returned, status: 'dispatched' }, 'dispatch', { returnRejected: true }));
      expect(back.daily).to.deep.equal([]);
      // Passing a ticket down moves it between departments too, but it was never returned.
      const dispatched = ticket({ status: 'dispatched', department_id: 7, first_dispatched_at: at });
      expect(deltasOfChange(fact(dispatched, { ...dispatched, department_id: 11 }, 'pass-down')).daily).to.deep.equal([]);
    });

    it('when a survey is closed for want of consent, then only noConsent moves', () => {
      const before = ticket({ status: 'replied', department_id: 7, first_dispatched_at: at });
      const d = deltasOfChange(fact(before, { ...before, status: 'closed' }, 'survey', { reached: false, noCallbackConsent: true }));
      expect(d.daily.map((x) => x.counters)).to.deep.equal([{ survey_no_consent: 1 }]);
    });

    it('when the third call does not reach the citizen, then it is unreachable and not answered', () => {
      const before = ticket({ status: 'replied', department_id: 7, first_dispatched_at: at });
      const d = deltasOfChange(fact(before, { ...before, status: 'closed' }, 'survey', { reached: false, attempt: 3, unreachable: true }));
      expect(d.daily.map((x) => x.counters)).to.deep.equal([{ survey_unreachable: 1 }]);
    });
  });
});
