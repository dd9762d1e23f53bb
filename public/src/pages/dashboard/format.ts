// Numbers and rates as the dashboard shows them, in the reader's language, and the hotline's day and
// hour (Asia/Shanghai) whatever the browser's zone. Times and durations: components/format.ts.
import { i18n } from '../../i18n';

const TZ = 'Asia/Shanghai';
const locale = () => (i18n.global.locale.value === 'en' ? 'en-GB' : 'zh-CN');

export function fmtNumber(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  return new Intl.NumberFormat(locale()).format(n);
}

/** A rate of 0/0 is null (nothing to rate), shown as a dash rather than 0%. */
export function fmtPercent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '—';
  return `${(rate * 100).toFixed(1)}%`;
}

/** Today's date in Shanghai, `2017-03-20`. */
export function shanghaiToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The hour (0–23) it is now in Shanghai. */
export function shanghaiHour(now = new Date()): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', hourCycle: 'h23' }).format(now));
}

/**
 * Calls `fn` once, `ms` after the first of a burst of calls; calls while it waits join that run.
 * Not a debounce: on a busy day events never pause for `ms`, and a debounced read would never run.
 */
export function batched(fn: () => void, ms: number): { (): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const call = () => {
    timer ??= setTimeout(() => {
      timer = null;
      fn();
    }, ms);
  };
  call.cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return call;
}
