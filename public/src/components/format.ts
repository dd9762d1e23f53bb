// Times as the centre reads them: in Shanghai whatever the browser's zone, durations in words of the
// reader's language ("3小时12分" / "3h 12m").
import { i18n } from '../i18n';

const TZ = 'Asia/Shanghai';
const t = (key: string, vars: Record<string, unknown> = {}) => i18n.global.t(key, vars);

const dateTime = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** "2017-03-20 08:05" in Shanghai time; "—" for no time. */
export function fmtDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const p = Object.fromEntries(dateTime.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A length of time in its two largest units: "2天3小时", "3小时12分", "12分30秒". Seconds only show
 * under an hour, where they still tell a person something.
 */
export function fmtDuration(ms: number): string {
  const abs = Math.abs(ms);
  const days = Math.floor(abs / DAY);
  const hours = Math.floor((abs % DAY) / HOUR);
  const minutes = Math.floor((abs % HOUR) / MINUTE);
  const seconds = Math.floor((abs % MINUTE) / 1000);
  if (days) return hours ? t('duration.daysHours', { d: days, h: hours }) : t('duration.days', { n: days });
  if (hours) return minutes ? t('duration.hoursMinutes', { h: hours, m: minutes }) : t('duration.hours', { n: hours });
  if (minutes) return t('duration.minutesSeconds', { m: minutes, s: seconds });
  return t('duration.seconds', { n: seconds });
}
