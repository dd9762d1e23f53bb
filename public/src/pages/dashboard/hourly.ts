// Today's intake per hour (Shanghai): the metrics keep it (`intake.byHour`, counted in the
// aggregates as each call is taken), so today's figures give all 24 hours, exact however busy the
// day: the `metrics` push carries them, and they are read once a minute and after a reconnect in
// case a push never came. Hours still to come are shown empty, not zero.
import { ref } from 'vue';
import { api } from '../../api/client';
import { errorText } from '../../forms';
import { shanghaiHour, shanghaiToday } from './format';
import { unfiltered, type MetricsSnapshot } from './metrics';

export function useHourlyIntake() {
  /** 24 counts, hour 0 to 23; hours still to come are null (not zero: nothing has happened yet). */
  const counts = ref<(number | null)[]>(Array.from({ length: 24 }, () => null));
  const day = ref('');
  const error = ref('');
  // An older answer arriving after a newer one is dropped.
  let seq = 0;

  function show(byHour: number[]): void {
    const now = new Date();
    const upTo = shanghaiHour(now);
    day.value = shanghaiToday(now);
    counts.value = byHour.map((n, h) => (h <= upTo ? n : null));
    error.value = '';
  }

  async function readAll(): Promise<void> {
    const mine = ++seq;
    try {
      const snapshot = await api<{ intake: { byHour: number[] } }>('/metrics', { query: { window: 'today' } });
      if (mine === seq) show(snapshot.intake.byHour);
    } catch (err) {
      if (mine === seq) error.value = errorText(err);
    }
  }

  /** The `metrics` push: today's figures for everyone, hours included (no read of its own). */
  function onPush(push: Partial<MetricsSnapshot>): void {
    const today = shanghaiToday();
    if (!push.intake || !push.window || !unfiltered(push) || push.window.from !== today || push.window.to !== today) return;
    seq++; // a read still on its way is older than this push
    show(push.intake.byHour);
  }

  return { counts, day, error, readAll, onPush };
}
