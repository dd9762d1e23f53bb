/**
 * Shanghai 12345 in 2016 (SPEC section 2) as proportions the simulator draws from, and the shape of
 * its days: weekdays busier than weekends and holidays, summer busiest, hours peaking mid-morning.
 */
import { WorkingCalendar } from '../../src/modules/sla';

export const figures2016 = {
  calls: 2_700_000,
  answeredOnSpot: 1_220_000,
  webAndApp: 115_000,
  dispatched: 1_200_000,
  resolved: 1_090_000,
  onTimeRate: 0.995,
  satisfactionRate: 0.93,
} as const;

/** Channels of all calls (web + app = 115k / 2.70M). */
export const channelMix = [
  [91.64, 'phone'],
  [2.4, 'web'],
  [1.86, 'app'],
  [1.5, 'wechat'],
  [0.4, 'email'],
  [2.2, 'transfer'],
] as const;

/** Phone calls answered on the spot: 1.22M of the 2.47M phone calls. */
export const onSpotShareOfPhone = 1_220_000 / (2_700_000 * 0.9164);

/**
 * What becomes of a call that is not answered on the spot. Phone: 79% dispatched (1.20M overall
 * with the other channels' 92%), 2% emergencies handed to 110, the rest invalid (silent, abusive,
 * withdrawn) and cancelled. Of the dispatched, 12% need a dispatcher (no rule or keyword fits).
 */
export const phoneFate = [[79.1, 'dispatch'], [2, 'emergency'], [18.9, 'invalid']] as const;
export const otherFate = [[92, 'dispatch'], [2, 'emergency'], [6, 'invalid']] as const;
export const poolShareOfDispatched = 0.12;

export const urgencyMix = [[94, 'normal'], [5, 'urgent'], [1, 'critical']] as const;

/** Department and citizen behaviour. */
export const behaviour = {
  returnShare: 0.025,
  extensionShare: 0.02,
  extensionApproved: 0.85,
  lateReplyShare: 0.005,
  outcome: [[91, 'resolved'], [4, 'partly'], [2, 'unresolved'], [3, 'explained']] as const,
  noCallbackConsent: 0.08,
  callbackMissed: 0.3,
  satisfaction: [[79, 'satisfied'], [14, 'basically_satisfied'], [7, 'dissatisfied']] as const,
  viaSmsLink: 0.2,
};

/** Relative call volume by Shanghai hour of day. */
export const hourly = [1.2, 0.7, 0.5, 0.4, 0.4, 0.6, 1.5, 3.5, 6.5, 8.5, 8.8, 7.8, 6.0, 6.8, 7.6, 7.5, 7.0, 6.2, 4.8, 4.2, 3.8, 3.2, 2.4, 1.6] as const;
const monthly = [0.9, 0.82, 1.0, 1.0, 1.0, 1.05, 1.16, 1.15, 1.0, 0.94, 0.96, 0.96] as const;

const DAY_MS = 86_400_000;
/** Midnight of a Shanghai date, as a UTC instant. */
export const shanghaiMidnight = (day: string) => Date.parse(`${day}T00:00:00+08:00`);
export const dayOf = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

/** Each day's share of the year's calls (weekday, weekend, holiday and season), summing to 1 over the year. */
export function dayWeights(year: number): Map<string, number> {
  const calendar = new WorkingCalendar();
  const raw = new Map<string, number>();
  for (let t = shanghaiMidnight(`${year}-01-01`); dayOf(t).startsWith(String(year)); t += DAY_MS) {
    const day = dayOf(t);
    const weekday = new Date(t + 8 * 3_600_000).getUTCDay();
    const base = calendar.isWorkingDay(day) ? (weekday === 1 ? 1.15 : 1.08) : weekday === 0 || weekday === 6 ? 0.78 : 0.62;
    raw.set(day, base * monthly[Number(day.slice(5, 7)) - 1]);
  }
  const total = [...raw.values()].reduce((a, b) => a + b, 0);
  return new Map([...raw].map(([d, w]) => [d, w / total]));
}
