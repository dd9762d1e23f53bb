// What the dashboard reads and when: the figures for the chosen window, today's hours, and the
// at-risk and overdue lists; kept current by the live push, re-read in full after a reconnect (the
// pushes missed while away are gone), and once a minute in case a push never came.
import { computed, onBeforeUnmount, onMounted, ref, watch } from 'vue';
import { useLive } from '../../live';
import { batched } from './format';
import { useHourlyIntake } from './hourly';
import { useMetrics, type MetricsNarrowing, type MetricsSnapshot, type MetricsWindow } from './metrics';
import { useDailyTrend } from './trend';
import { useTicketPage } from '../../components/ticket-page';

export function useDashboard() {
  const windowName = ref<MetricsWindow>('today');
  const narrow = ref<MetricsNarrowing>({});
  const figures = useMetrics(windowName, narrow);
  const hourly = useHourlyIntake();
  const trend = useDailyTrend(windowName, narrow);

  // The API's own filters (either clock), so each list's total is the server's count for it.
  const atRiskTotal = computed(() => figures.metrics.value?.sla.atRisk ?? null);
  const atRisk = useTicketPage(() => ({ atRisk: true, sort: 'due' }), 10);
  const overdue = useTicketPage(() => ({ overdue: true, sort: 'due' }), 10);

  const refreshLists = () => Promise.all([atRisk.refresh(), overdue.refresh()]);
  // A few seconds late is live enough for a list of late tickets, and spares the server on a busy day.
  const refreshListsSoon = batched(() => void refreshLists(), 3000);

  function everything(): void {
    void figures.read();
    void trend.read();
    void refreshLists();
    void hourly.readAll();
  }

  watch([windowName, narrow], () => void figures.read(), { deep: true });
  // Today's figures, however they came (a read when no push did), carry the hours too.
  watch(figures.metrics, (shown) => shown && hourly.onPush(shown));
  // The count of tickets at risk moved (a push): the list follows it.
  watch(atRiskTotal, (now, before) => {
    if (before !== null && now !== before) refreshListsSoon();
  });

  useLive(
    {
      metrics: (push: MetricsSnapshot) => {
        figures.onPush(push);
        hourly.onPush(push);
      },
      'ticket:changed': () => {
        refreshListsSoon();
        figures.onTicketChange();
      },
      'sla:at-risk': () => {
        refreshListsSoon();
        figures.onTicketChange();
      },
      'sla:overdue': () => {
        refreshListsSoon();
        figures.onTicketChange();
      },
    },
    ({ reconnect }) => {
      if (reconnect) everything();
    },
  );

  let minutely: ReturnType<typeof setInterval> | null = null;
  onMounted(() => {
    everything();
    minutely = setInterval(() => {
      void figures.read();
      // Not on every push: a year of days reads every day's rows (docs/PERFORMANCE.md section 7).
      void trend.read();
      void refreshLists();
      void hourly.readAll();
    }, 60_000);
  });
  onBeforeUnmount(() => {
    if (minutely) clearInterval(minutely);
    refreshListsSoon.cancel();
    figures.readSoon.cancel();
  });

  return { windowName, narrow, figures, hourly, trend, atRisk, overdue };
}
