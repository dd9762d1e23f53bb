// Today's intake per hour (Shanghai). GET /metrics keeps its figures per day, so the hours come from
// the ticket list instead: one request per hour with `limit=1`, read for its `total` (the true count
// of tickets created in that hour). Exact however busy the day, with no page cap and no download of
// the tickets themselves. A ticket's creation time never changes, so once an hour is over its count
// stands; live changes re-count only the hour in progress.
import { ref } from 'vue';
import { api } from '../../api/client';
import type { TicketPage } from '../../api/types';
import { errorText } from '../../forms';
import { batched, shanghaiHour, shanghaiToday } from './format';

const pad = (n: number) => String(n).padStart(2, '0');
/** Shanghai has no daylight saving: every hour starts at +08:00. */
const hourStart = (day: string, h: number) => `${day}T${pad(h)}:00:00+08:00`;
const hourEnd = (day: string, h: number) => (h === 23 ? new Date(Date.parse(hourStart(day, 23)) + 3_600_000).toISOString() : hourStart(day, h + 1));

async function countHour(day: string, h: number): Promise<number> {
  const page = await api<TicketPage>('/tickets', { query: { from: hourStart(day, h), to: hourEnd(day, h), limit: 1 } });
  return page.total;
}

export function useHourlyIntake() {
  /** 24 counts, hour 0 to 23; hours still to come are null (not zero: nothing has happened yet). */
  const counts = ref<(number | null)[]>(Array.from({ length: 24 }, () => null));
  const day = ref('');
  const error = ref('');
  // Per hour, the latest read asked for: an older answer arriving late never overwrites a newer one.
  let seq = 0;
  const latest = new Map<string, number>();

  async function count(hours: number[], forDay: string): Promise<void> {
    const mine = ++seq;
    for (const h of hours) latest.set(`${forDay}#${h}`, mine);
    try {
      const found = await Promise.all(hours.map((h) => countHour(forDay, h)));
      if (forDay !== day.value) return;
      const next = [...counts.value];
      hours.forEach((h, i) => {
        if (latest.get(`${forDay}#${h}`) === mine) next[h] = found[i];
      });
      counts.value = next;
      error.value = '';
    } catch (err) {
      error.value = errorText(err);
    }
  }

  /** Every hour of today so far (on opening, after a reconnect, when the day turns). */
  function readAll(): Promise<void> {
    const now = new Date();
    const today = shanghaiToday(now);
    const upTo = shanghaiHour(now);
    if (today !== day.value) {
      counts.value = Array.from({ length: 24 }, () => null);
      latest.clear();
    }
    day.value = today;
    return count(Array.from({ length: upTo + 1 }, (_, h) => h), today);
  }

  /** The hour in progress (and the one just ended, which may have taken tickets since last read). */
  function readCurrent(): Promise<void> {
    const now = new Date();
    const today = shanghaiToday(now);
    if (today !== day.value) return readAll();
    const h = shanghaiHour(now);
    return count(h > 0 ? [h - 1, h] : [h], today);
  }

  const readCurrentSoon = batched(() => void readCurrent(), 5000);
  return { counts, day, error, readAll, readCurrent, readCurrentSoon };
}
