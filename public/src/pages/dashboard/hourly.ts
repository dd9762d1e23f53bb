// Today's intake per hour (Shanghai): the metrics keep it (`intake.byHour`, counted in the
// aggregates as each call is taken), so one read of today's figures gives all 24 hours, exact however
// busy the day. Hours still to come are shown empty, not zero.
import { ref } from 'vue';
import { api } from '../../api/client';
import { errorText } from '../../forms';
import { batched, shanghaiHour, shanghaiToday } from './format';

export function useHourlyIntake() {
  /** 24 counts, hour 0 to 23; hours still to come are null (not zero: nothing has happened yet). */
  const counts = ref<(number | null)[]>(Array.from({ length: 24 }, () => null));
  const day = ref('');
  const error = ref('');
  // An older answer arriving after a newer one is dropped.
  let seq = 0;

  async function readAll(): Promise<void> {
    const mine = ++seq;
    try {
      const snapshot = await api<{ intake: { byHour: number[] } }>('/metrics', { query: { window: 'today' } });
      if (mine !== seq) return;
      const now = new Date();
      const upTo = shanghaiHour(now);
      day.value = shanghaiToday(now);
      counts.value = snapshot.intake.byHour.map((n, h) => (h <= upTo ? n : null));
      error.value = '';
    } catch (err) {
      if (mine === seq) error.value = errorText(err);
    }
  }

  // After changes: the same read (one request for the whole day), at most every few seconds.
  const readCurrentSoon = batched(() => void readAll(), 5000);
  return { counts, day, error, readAll, readCurrentSoon };
}
