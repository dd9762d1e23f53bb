// The trend of the chosen window by day (GET /metrics/daily): intake, dispatched, replied on time and
// satisfaction per day, read from the server's aggregates with the dashboard's own window and filters.
// The server works out every rate. Read when the window or a filter changes, and by the dashboard
// once a minute (today's point moves a minute late; the tiles above it are live).
import { ref, watch, type Ref } from 'vue';
import { api } from '../../api/client';
import { errorText } from '../../forms';
import { metricsQuery, type MetricsNarrowing, type MetricsWindow } from './metrics';

/** One day of the trend, as the server answers it. */
export interface DayPoint {
  day: string;
  intake: number;
  dispatched: number;
  replied: number;
  repliedOnTime: number;
  onTimeRate: number | null;
  surveyAnswered: number;
  satisfactionRate: number | null;
}

export function useDailyTrend(window: Ref<MetricsWindow>, narrow: Ref<MetricsNarrowing>) {
  const days = ref<DayPoint[]>([]);
  const error = ref('');
  // A slow answer for a window left behind must not overwrite the one chosen since.
  let asked = 0;

  async function read(): Promise<void> {
    const mine = ++asked;
    try {
      const series = await api<{ days: DayPoint[] }>('/metrics/daily', { query: metricsQuery(window.value, narrow.value) });
      if (mine !== asked) return;
      days.value = series.days;
      error.value = '';
    } catch (err) {
      if (mine !== asked) return;
      days.value = [];
      error.value = errorText(err);
    }
  }

  watch([window, narrow], () => void read(), { deep: true });
  return { days, error, read };
}

export type DailyTrend = ReturnType<typeof useDailyTrend>;
