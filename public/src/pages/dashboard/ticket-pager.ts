// A list of tickets read page by page from GET /tickets (cursor pagination, soonest due first) that
// the reader pages through to the very last one: it always says how many there are in all and never
// stops short of them.
//
// The at-risk list has no filter of its own in the API: it reads the running, not yet overdue
// tickets and keeps those the server marks `atRisk` (as the old page did), so its total is the
// server's count of tickets at risk (metrics `sla.atRisk`), and it reads on until it has shown that
// many or the list ends. Due-time order puts those tickets near the front, so that is soon.
import { computed, ref, shallowRef, type Ref } from 'vue';
import { api } from '../../api/client';
import type { Ticket, TicketPage } from '../../api/types';
import { errorText } from '../../forms';

export interface TicketSource {
  /** The filter of GET /tickets (without limit and cursor). */
  query: Record<string, string>;
  /** Kept from each page: all when absent. */
  keep?: (t: Ticket) => boolean;
  /** The true total when the list's own `total` counts more than is kept. */
  total?: Ref<number | null | undefined>;
}

/** The API's largest page: a filtered read skims whole pages for what it keeps. */
const SKIM = 200;

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

  const total = computed(() => (source.keep ? (source.total?.value ?? null) : listTotal.value));
  const hasMore = computed(() => buffer.length > 0 || (!ended && (total.value === null || shown.value.length < total.value)));

  /** Reads on until `want` more are at hand, the true total is reached, or the list ends. */
  async function fill(want: number, gen: number, have: Ticket[]): Promise<Ticket[] | null> {
    const taken = [...have];
    const limit = source.keep ? SKIM : Math.min(SKIM, Math.max(pageSize, want));
    while (buffer.length < want && !ended) {
      const known = source.keep ? source.total?.value : null;
      if (known !== null && known !== undefined && taken.length + buffer.length >= known) break;
      const page = await api<TicketPage>('/tickets', { query: { ...source.query, limit, cursor: cursor ?? undefined } });
      if (gen !== generation) return null;
      listTotal.value = page.total;
      const seen = new Set([...taken, ...buffer].map((t) => t.id));
      // A ticket whose clock moved between two pages can come round again: show it once.
      buffer.push(...page.tickets.filter((t) => !seen.has(t.id) && (source.keep ? source.keep(t) : true)));
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
