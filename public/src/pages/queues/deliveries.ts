// A ticket's messages to partners (110, SMS) for the failed-deliveries queue: read them, send a dead
// one again, and follow it until the partner acknowledges it or it fails again. The server decides
// what may be retried (409 unless dead) and who may (admins and supervisors).
import { ref } from 'vue';
import { api } from '../../api/client';
import { errorText } from '../../forms';

export interface Delivery {
  id: number;
  partner: string;
  ticketId: number | null;
  kind: 'emergency' | 'outcome' | 'sms';
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  lastError: string | null;
  lastStatusCode: number | null;
  createdAt: string | null;
  deliveredAt: string | null;
  deadAt: string | null;
}

/** What became of a retry: sent again and waiting, acknowledged, failed again, or refused. */
export type RetryResult = { id: number; state: 'queued' | 'delivered' | 'dead' | 'refused'; error?: string };

const POLL_MS = 1000;
// A round of attempts with its backoff lasts minutes; the page stops watching after this and says "queued".
const POLL_TIMES = 60;

export function useDeliveries(ticketId: () => number) {
  const deliveries = ref<Delivery[]>([]);
  /** How many the ticket has in all (the page reads the newest 500, the server's most). */
  const total = ref(0);
  const error = ref('');
  const result = ref<RetryResult | null>(null);
  const retrying = ref<number | null>(null);
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function load(): Promise<void> {
    const mine = ++generation;
    try {
      const read = await api<{ deliveries: Delivery[]; total: number }>('/admin/deliveries', { query: { ticketId: ticketId(), limit: 500 } });
      if (mine !== generation) return;
      deliveries.value = read.deliveries;
      total.value = read.total;
      error.value = '';
    } catch (err) {
      if (mine === generation) error.value = errorText(err);
    }
  }

  /** Reads the ticket's deliveries until the retried one is no longer pending (or the page stops watching). */
  function follow(id: number, left: number, onSettled: () => void): void {
    timer = setTimeout(async () => {
      await load();
      const d = deliveries.value.find((x) => x.id === id);
      if (d && d.status !== 'pending') {
        result.value = { id, state: d.status, error: d.lastError ?? undefined };
        onSettled();
      } else if (left > 1) follow(id, left - 1, onSettled);
    }, POLL_MS);
  }

  async function retry(id: number, onSettled: () => void): Promise<void> {
    retrying.value = id;
    clearTimeout(timer);
    try {
      await api(`/admin/deliveries/${id}/retry`, { method: 'POST' });
      result.value = { id, state: 'queued' };
      await load();
      follow(id, POLL_TIMES, onSettled);
    } catch (err) {
      result.value = { id, state: 'refused', error: errorText(err) };
      await load();
    } finally {
      retrying.value = null;
    }
  }

  function stop(): void {
    clearTimeout(timer);
    generation++;
  }

  return { deliveries, total, error, result, retrying, load, retry, stop };
}
