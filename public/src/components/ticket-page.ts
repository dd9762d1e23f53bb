// One server-paginated list of tickets (`GET /tickets` → {tickets, total, nextCursor}): the first page
// for a query, "load more" along nextCursor to the last ticket, and the true total for the filter.
import { computed, ref, shallowRef, watch, type Ref } from 'vue';
import { api } from '../api/client';
import type { Ticket, TicketPage } from '../api/types';
import { errorText } from '../forms';

/** The filters of `GET /tickets` a page uses. */
export interface TicketQuery {
  status?: string;
  q?: string;
  overdue?: boolean;
  sort?: 'due' | 'created' | 'pool';
  departmentId?: number;
  /** The supervisors' queues (pages/queues/queues.ts). */
  /** One clock, or both comma-separated (`accept,reply`: the work in hand, whichever clock runs). */
  clock?: 'accept' | 'reply' | 'accept,reply';
  atRisk?: boolean;
  emergency?: boolean;
  pendingExtension?: boolean;
  reopened?: boolean;
  escalated?: boolean;
  deliveryFailed?: boolean;
  withdrawRequested?: boolean;
}

/** The query as `GET /tickets` (and the exports) read it: a marker is sent only when set. */
export function queryParams(q: TicketQuery): Record<string, string | number | undefined> {
  const out: Record<string, string | number | undefined> = {};
  for (const [key, value] of Object.entries(q)) {
    if (value === undefined || value === false || value === '') continue;
    out[key] = value === true ? 'true' : (value as string | number);
  }
  return out;
}

/** The API's largest page. */
const MAX_LIMIT = 200;

export interface TicketPageState {
  tickets: Ref<Ticket[]>;
  /** Every ticket the filter matches (null until the first answer). */
  total: Ref<number | null>;
  /** The total as a person reads it: "10000+" when the server counted no further. */
  totalText: Ref<string>;
  hasMore: Ref<boolean>;
  loading: Ref<boolean>;
  error: Ref<string>;
  /** The first page again (a new query). */
  reload(): Promise<void>;
  /** The next page, appended. */
  loadMore(): Promise<void>;
  /** Reads the list again as far as it is shown now (after a live change), so nothing shown drops off. */
  refresh(): Promise<void>;
}

export function useTicketPage(query: () => TicketQuery, pageSize = 50): TicketPageState {
  const tickets = shallowRef<Ticket[]>([]);
  const total = ref<number | null>(null);
  const capped = ref(false);
  const totalText = computed(() => (total.value === null ? '' : `${total.value}${capped.value ? '+' : ''}`));
  const hasMore = ref(false);
  const loading = ref(false);
  const error = ref('');
  let cursor: string | null = null;
  // How many rows the person has asked to see; a refresh reads that many again.
  let wanted = pageSize;
  // Every read bumps it; an answer to a read overtaken by a newer one is dropped (the newer one
  // reads at least as many rows, so nothing asked for is lost).
  let generation = 0;

  const fetchPage = (limit: number, after: string | null) =>
    api<TicketPage>('/tickets', { query: { ...queryParams(query()), limit: Math.min(limit, MAX_LIMIT), cursor: after ?? undefined } });

  /** Reads `rows` rows from the first, or (`append`) from the current cursor on, added to those shown. */
  async function read(rows: number, append = false): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    try {
      let page = await fetchPage(rows, append ? cursor : null);
      let list = page.tickets;
      while (list.length < rows && page.nextCursor) {
        page = await fetchPage(rows - list.length, page.nextCursor);
        list = list.concat(page.tickets);
      }
      if (mine !== generation) return;
      if (append) {
        const seen = new Set(tickets.value.map((tk) => tk.id));
        list = tickets.value.concat(list.filter((tk) => !seen.has(tk.id)));
      }
      tickets.value = list;
      total.value = page.total;
      capped.value = page.totalCapped === true;
      cursor = page.nextCursor;
      hasMore.value = cursor !== null;
      error.value = '';
    } catch (err) {
      if (mine === generation) error.value = errorText(err);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  async function reload(): Promise<void> {
    wanted = pageSize;
    await read(wanted);
  }

  async function loadMore(): Promise<void> {
    if (!cursor) return;
    wanted = tickets.value.length + pageSize;
    // While another read runs, this one replaces it from the start; otherwise only the next page.
    await (loading.value ? read(wanted) : read(pageSize, true));
  }

  const refresh = () => read(Math.max(wanted, tickets.value.length));

  watch(query, reload, { deep: true });
  return { tickets, total, totalText, hasMore, loading, error, reload, loadMore, refresh };
}

/**
 * `fn` once a burst of calls pauses for `ms` (live events come in bursts), and at least every
 * `maxWait` while a long burst lasts, so a busy centre still sees its list move.
 */
export function debounce(fn: () => void, ms: number, maxWait = 1500): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let first: number | null = null;
  const run = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    first = null;
    fn();
  };
  return () => {
    const now = Date.now();
    first ??= now;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, Math.max(0, Math.min(ms, first + maxWait - now)));
  };
}
