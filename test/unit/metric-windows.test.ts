import { expect } from 'chai';
import { planWindow, type DayRange, type WindowPlan } from '../../src/modules/metrics/metric-windows';
import { seededRandom } from '../support/random-lifecycles';

const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
function days(r: DayRange): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${r.from}T00:00:00Z`); t <= Date.parse(`${r.to}T00:00:00Z`); t += DAY_MS) out.push(day(t));
  return out;
}
const monthDays = (month: string) => days({ from: month, to: day(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)) });

/** The window's days as the plan reads them: each must be read exactly once, and nothing else. */
function readDays(plan: WindowPlan): string[] {
  return [...plan.days.flatMap(days), ...plan.months.flatMap((m) => days(m.live))].sort();
}

describe('metric windows: which days a read takes from the monthly rollup', () => {
  it('when the window is one day, then it is read from the daily rows', () => {
    expect(planWindow('2026-11-28', '2026-11-28')).to.deep.equal({ days: [{ from: '2026-11-28', to: '2026-11-28' }], months: [] });
  });

  it('when the window is this month up to today, then the month comes from its rollup, minus the sealed days after today', () => {
    expect(planWindow('2026-11-01', '2026-11-28')).to.deep.equal({
      days: [],
      months: [{ month: '2026-11-01', live: { from: '2026-11-01', to: '2026-11-28' }, sealedOutside: [{ from: '2026-11-29', to: '2026-11-30' }] }],
    });
  });

  it('when the window is 365 days, then the two days of its first month are daily rows and the 12 other months rollups', () => {
    const plan = planWindow('2025-11-29', '2026-11-28');
    expect(plan.days).to.deep.equal([{ from: '2025-11-29', to: '2025-11-30' }]);
    expect(plan.months.map((m) => m.month)).to.deep.equal([
      '2025-12-01', '2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01',
      '2026-06-01', '2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01', '2026-11-01',
    ]);
    expect(plan.months.slice(0, 11).every((m) => m.sealedOutside.length === 0)).to.equal(true);
  });

  it('when a month is read from the rollup, then the days it takes away and the days it reads make the whole month (February of a leap year too)', () => {
    const plan = planWindow('2024-02-03', '2024-02-29');
    expect(plan.months).to.have.length(1);
    const [m] = plan.months;
    expect([...days(m.live), ...m.sealedOutside.flatMap(days)].sort()).to.deep.equal(monthDays('2024-02-01'));
  });

  it('when 500 random windows are planned, then every day of each is read exactly once and every rollup month is whole', () => {
    const rnd = seededRandom(20261128);
    for (let i = 0; i < 500; i++) {
      const from = Date.UTC(2023, 0, 1) + rnd.int(0, 1200) * DAY_MS;
      const window = { from: day(from), to: day(from + rnd.int(0, 500) * DAY_MS) };
      const plan = planWindow(window.from, window.to);
      expect(readDays(plan), `${window.from}..${window.to}`).to.deep.equal(days(window));
      for (const m of plan.months) {
        expect([...days(m.live), ...m.sealedOutside.flatMap(days)].sort(), m.month).to.deep.equal(monthDays(m.month));
        expect(days(m.live).length, m.month).to.be.greaterThan(m.sealedOutside.flatMap(days).length);
      }
    }
  });
});
