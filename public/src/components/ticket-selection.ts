// The ticket open in a page's detail pane. It is named in the address (`?ticket=<ticketNo>`), so a
// link or a reload opens it again; it is read again when a live change names it, and after an action
// the result stays on screen over the refreshed ticket.
import { computed, ref, shallowRef, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { api } from '../api/client';
import type { Ticket, TicketDetail } from '../api/types';
import { errorText } from '../forms';

export interface Flash {
  ticketNo: string;
  text: string;
}

export function useTicketSelection() {
  const route = useRoute();
  const router = useRouter();
  const ticket = shallowRef<TicketDetail | null>(null);
  const error = ref('');
  const flash = ref<Flash | null>(null);
  const selectedNo = computed(() => (typeof route.query.ticket === 'string' && route.query.ticket ? route.query.ticket : null));
  let generation = 0;

  async function load(ticketNo: string): Promise<void> {
    const mine = ++generation;
    try {
      const read = await api<TicketDetail>(`/tickets/${encodeURIComponent(ticketNo)}`);
      if (mine !== generation) return;
      ticket.value = read;
      error.value = '';
    } catch (err) {
      if (mine !== generation) return;
      ticket.value = null;
      error.value = errorText(err);
    }
  }

  watch(
    selectedNo,
    (no) => {
      if (flash.value && flash.value.ticketNo !== no) flash.value = null;
      if (no) void load(no);
      else {
        generation++;
        ticket.value = null;
        error.value = '';
      }
    },
    { immediate: true },
  );

  return {
    ticket,
    error,
    flash,
    selectedNo,
    select(ticketNo: string) {
      void router.replace({ query: { ...route.query, ticket: ticketNo } });
    },
    close() {
      const { ticket: _omit, ...rest } = route.query;
      void router.replace({ query: rest });
    },
    /** Reads the open ticket again. */
    async refresh(): Promise<void> {
      if (selectedNo.value) await load(selectedNo.value);
    },
    /** A live event about some ticket: read the open one again if it is the one. */
    async changed(e: { ticketNo?: string; ticketId?: number } | undefined): Promise<void> {
      const open = ticket.value;
      if (open && e && (e.ticketNo === open.ticketNo || e.ticketId === open.id)) await load(open.ticketNo);
    },
    /** After an action: say what it did and show the ticket as it is now. */
    async done(updated: Ticket, text: string): Promise<void> {
      const no = updated.ticketNo ?? selectedNo.value ?? '';
      flash.value = { ticketNo: no, text };
      await load(no);
    },
  };
}

export type TicketSelection = ReturnType<typeof useTicketSelection>;
