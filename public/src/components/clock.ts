// The SLA countdown of a ticket, from the clock the server computed (`ticket.clock`: its due time and
// the moment it turns at risk). Between two reads the state moves on with the browser's clock, at the
// moments the server named: no fraction or rule of its own here.
import { onBeforeUnmount, ref, type Ref } from 'vue';
import type { SlaClock, Ticket } from '../api/types';
import { i18n } from '../i18n';
import { fmtDateTime, fmtDuration } from './format';

const t = (key: string, vars: Record<string, unknown> = {}) => i18n.global.t(key, vars);

/** The colours of `.countdown[data-state]` in styles/app.css. */
export type CountdownState = 'ok' | 'risk' | 'over' | 'none';

export interface CountdownView {
  state: CountdownState;
  text: string;
  /** State and due time in full, for the tooltip and screen readers. */
  title: string;
}

/** The server's state at the read, moved on by the moments it named (it never goes back). */
export function clockState(clock: SlaClock, now: number): Exclude<CountdownState, 'none'> {
  if (clock.state === 'overdue' || now > Date.parse(clock.dueAt)) return 'over';
  if (clock.state === 'at_risk' || now >= Date.parse(clock.atRiskAt)) return 'risk';
  return 'ok';
}

/**
 * What the countdown says now. Without a running clock it is blank, or (`waitingSince`, for the
 * dispatch pool) how long the citizen has been waiting.
 */
export function countdownView(ticket: Pick<Ticket, 'clock'>, now: number, waitingSince?: string | null): CountdownView {
  const clock = ticket.clock;
  if (!clock) {
    if (!waitingSince) return { state: 'none', text: '—', title: '' };
    const text = t('sla.waiting', { time: fmtDuration(now - Date.parse(waitingSince)) });
    return { state: 'none', text, title: text };
  }
  const state = clockState(clock, now);
  const what = t(`sla.${clock.kind}`);
  const left = Date.parse(clock.dueAt) - now;
  const text = left >= 0 ? t('sla.remaining', { what, time: fmtDuration(left) }) : t('sla.overBy', { what, time: fmtDuration(-left) });
  return { state, text, title: `${t(`sla.state.${state}`)} · ${what}${t('sla.dueAt')} ${fmtDateTime(clock.dueAt)}` };
}

// One timer for every countdown on the page, running while at least one is shown.
const now = ref(Date.now());
let users = 0;
let timer: ReturnType<typeof setInterval> | null = null;

/** The current time, ticking every second while the calling component lives. */
export function useNow(): Ref<number> {
  users += 1;
  if (!timer) timer = setInterval(() => (now.value = Date.now()), 1000);
  onBeforeUnmount(() => {
    users -= 1;
    if (users === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  });
  return now;
}
