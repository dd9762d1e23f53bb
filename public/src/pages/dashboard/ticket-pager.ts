// A list of tickets read page by page from GET /tickets (cursor pagination, soonest due first) that
// the reader pages through to the very last one: it always says how many there are in all and never
// stops short of them.
import { computed, ref, shallowRef } from 'vue';
import { api } from '../../api/client';
import type { Ticket, TicketPage } from '../../api/types';
import { errorText } from '../../forms';

export interface TicketSource {
  /** The filter of GET /tickets (without limit and cursor). */
  query: Record<string, string>;
}

/** The API's largest page. */
const MAX_LIMIT = 200;

export function useTicketPager(source: TicketSource, pageSize = 10) {
  const shown = shallowRef<Ticket[]>([]);
  const listTotal = ref<number | null>(null);
  const loading = ref(false);
  const error = ref('');
  /** Kept tickets read but not shown yet, and where the next read starts (null: at the end). */
  let buffer: Ticket[] = [];
  let cursor: string | null = null;
  let ended = false;
  // Every refresh starts a new generation; the answers of an older one are dropped.
  let generation = 0;

  const total = computed(() => listTotal.value);
  const hasMore = computed(() => buffer.length > 0 || (!ended && (total.value === null || shown.value.length < total.value)));

  /** Reads on until `want` more are at hand, the true total is reached, or the list ends. */
  async function fill(want: number, gen: number, have: Ticket[]): Promise<Ticket[] | null> {
    const taken = [...have];
    const limit = Math.min(MAX_LIMIT, Math.max(pageSize, want));
    while (buffer.length < want && !ended) {
      const page = await api<TicketPage>('/tickets', { query: { ...source.query, limit, cursor: cursor ?? undefined } });
      if (gen !== generation) return null;
      listTotal.value = page.total;
      const seen = new Set([...taken, ...buffer].map((t) => t.id));
      // A ticket whose clock moved between two pages can come round again: show it once.
      buffer.push(...page.tickets.filter((t) => !seen.has(t.id)));
      cursor = page.nextCursor;
      ended = cursor === null;
    }
    return [...taken, ...buffer.splice(0, want)];
  }

  async function run(task: (gen: number) => Promise<Ticket[] | null>, gen: number): Promise<void> {
    loading.value = true;
    try {
      const result = await task(gen);
      if (result && gen === generation) {
        shown.value = result;
        error.value = '';
      }
    } catch (err) {
      if (gen === generation) error.value = errorText(err);
    } finally {
      if (gen === generation) loading.value = false;
    }
  }

  /** From the start again, as many as are shown now (at least a page): live changes keep the reader's place. */
  function refresh(): Promise<void> {
    const gen = ++generation;
    const want = Math.max(pageSize, shown.value.length);
    buffer = [];
    cursor = null;
    ended = false;
    return run((g) => fill(want, g, []), gen);
  }

  /** The next page after what is shown. */
  function more(): Promise<void> {
    const gen = generation;
    return run((g) => fill(pageSize, g, shown.value), gen);
  }

  return { shown, total, hasMore, loading, error, refresh, more };
}
