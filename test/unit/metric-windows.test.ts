import { expect } from 'chai';
import { planWindow, type DayRange, type WindowPlan } from '../../src/modules/metrics/metric-windows';
import { seededRandom } from '../../bench/lib/stats';

const DAY_MS = 86_400_000;
const asDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
function days(r: DayRange): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${r.from}T00:00:00Z`); t <= Date.parse(`${r.to}T00:00:00Z`); t += DAY_MS) out.push(asDay(t));
  return out;
}

const monthOf = (first: string) => ({ from: first, to: asDay(Date.UTC(Number(first.slice(0, 4)), Number(first.slice(5, 7)), 0)) });
const yearOf = (first: string) => ({ from: first, to: `${first.slice(0, 4)}-12-31` });

/** Random sealed and live amounts per day; a rollup holds its period's sealed amounts, as the compaction keeps it. */
function history(seed: number) {
  const rnd = seededRandom(seed);
  const sealed = new Map<string, number>();
  const live = new Map<string, number>();
  for (const day of days({ from: '2022-01-01', to: '2027-12-31' })) {
    sealed.set(day, rnd.int(0, 1000));
    live.set(day, rnd.int(0, 5));
  }
  const sum = (m: Map<string, number>, r: DayRange) => days(r).reduce((a, d) => a + (m.get(d) ?? 0), 0);
  return {
    /** What the window holds, day by day. */
    truth: (r: DayRange) => sum(sealed, r) + sum(live, r),
    /** What a read following the plan adds up. */
    read(plan: WindowPlan) {
      let total = sum(live, plan.live);
      for (const t of plan.sealed) total += t.sign * sum(sealed, 'days' in t ? t.days : 'month' in t ? monthOf(t.month) : yearOf(t.year));
      return total;
    },
  };
}

const rows = (plan: WindowPlan) => plan.sealed.map((t) => ('days' in t ? `${t.sign}d ${t.days.from}..${t.days.to}` : 'month' in t ? `${t.sign}m ${t.month}` : `${t.sign}y ${t.year}`));

describe('metric windows: which rollups a read takes and what it takes back', () => {
  it('when the window is one day, then it reads that day only', () => {
    expect(planWindow('2026-11-28', '2026-11-28')).to.deep.equal({ live: { from: '2026-11-28', to: '2026-11-28' }, sealed: [{ sign: 1, days: { from: '2026-11-28', to: '2026-11-28' } }] });
  });

  it('when the window is this month up to today, then it reads the month rollup and takes back the days after today', () => {
    expect(rows(planWindow('2026-11-01', '2026-11-28'))).to.deep.equal(['1m 2026-11-01', '-1d 2026-11-29..2026-11-30']);
  });

  it('when the window is the last 365 days, then it reads a year, a month and two days, and takes back what lies after today', () => {
    expect(rows(planWindow('2025-11-29', '2026-11-28'))).to.deep.equal([
      '1d 2025-11-29..2025-11-30',
      '1m 2025-12-01',
      '1y 2026-01-01',
      '-1d 2026-11-29..2026-11-30',
      '-1m 2026-12-01',
    ]);
  });

  it('when the window is a few days in one month, then no rollup is read', () => {
    expect(rows(planWindow('2024-02-10', '2024-02-12'))).to.deep.equal(['1d 2024-02-10..2024-02-12']);
  });

  it('when 1000 random windows are read by their plans, then each adds up to exactly what its days hold, reading at most 60 days row by row', () => {
    const h = history(20261128);
    const rnd = seededRandom(7);
    for (let i = 0; i < 1000; i++) {
      const from = Date.UTC(2022, 0, 1) + rnd.int(0, 1500) * DAY_MS;
      const window = { from: asDay(from), to: asDay(from + rnd.weighted([[3, rnd.int(0, 40)], [2, rnd.int(0, 800)]]) * DAY_MS) };
      const plan = planWindow(window.from, window.to);
      expect(h.read(plan), `${window.from}..${window.to}: ${rows(plan).join(', ')}`).to.equal(h.truth(window));
      // The cost stays flat: day rows only at the (at most four) partial months at the two ends.
      const dayRows = plan.sealed.reduce((n, t) => n + ('days' in t ? days(t.days).length : 0), 0);
      expect(dayRows, `${window.from}..${window.to}`).to.be.at.most(Math.min(60, days(window).length));
    }
  });
});
