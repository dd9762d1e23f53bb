// The right-hand pane of the dispatch and workbench pages: one ticket, its actions, its timeline.
import { clear, el } from './dom.js';
import { t } from './i18n.js';
import { actionBar, phoneWithReveal } from './ticket-actions.js';
import { countdown, runningClock, statusBadge, ticketFacts, timeline, urgencyBadge } from './ticket-view.js';

/**
 * The result line of the pane. It outlives the re-rendering of the ticket (after an action, or a live
 * change), so the person sees what their action did.
 */
function detailFlash(pane) {
  return pane.querySelector(':scope > .detail-flash') ?? el('div', { className: 'detail-flash msg', hidden: true });
}

function showFlash(flash, kind, text) {
  flash.hidden = false;
  flash.className = `detail-flash msg msg-${kind}`;
  flash.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  flash.textContent = text;
}

function hideFlash(flash) {
  flash.hidden = true;
  flash.textContent = '';
}

/** True while the person is filling in an action form: a live refresh must not wipe it. */
export function isEditing(pane) {
  return pane.querySelector('.action-form, .inline-form') !== null;
}

/** Tells the person the ticket changed meanwhile, without touching the form they are filling in. */
export function flashChanged(pane) {
  showFlash(detailFlash(pane), 'info', t('detail.changedMeanwhile'));
}

/** The extension request still waiting for a supervisor (null if none), with when it was asked for. */
export function pendingExtension(ticket) {
  // The server owns whether one is pending; the timeline only says when it was asked for.
  if (!ticket.pendingExtension) return null;
  const requested = [...(ticket.timeline || [])].reverse().find((e) => e.action === 'extension');
  return { ...ticket.pendingExtension, at: requested?.at ?? null };
}

/** The reason of the latest return (退单), for dispatchers deciding what to do with it. */
export function lastReturn(ticket) {
  const returns = (ticket.timeline || []).filter((e) => e.action === 'return');
  return returns.length ? returns[returns.length - 1] : null;
}

/**
 * Draws `ticket` into `pane`. `actions` are for actionBar; `notes` are extra blocks (return reason,
 * duplicates...) shown above the actions.
 */
export function renderDetail(pane, ticket, { departments, categories, actions = [], notes = [], onDone }) {
  const flash = detailFlash(pane);
  if (flash.dataset.ticketNo !== ticket.ticketNo) hideFlash(flash);
  flash.dataset.ticketNo = ticket.ticketNo;
  clear(
    pane,
    flash,
    el('header', { className: 'detail-head' },
      el('h2', {}, el('span', { className: 'ticket-no' }, ticket.ticketNo), ' ', statusBadge(ticket.status), ' ', urgencyBadge(ticket.urgency)),
      countdown(ticket),
    ),
    ticket.title ? el('h3', { className: 'detail-title' }, ticket.title) : null,
    el('p', { className: 'description' }, ticket.description),
    ticket.answer ? el('p', { className: 'answer' }, el('strong', {}, `${t('ticket.answer')}：`), ticket.answer) : null,
    ticketFacts(ticket, { departments, categories, phoneSlot: phoneWithReveal(ticket) }),
    notes,
    actions.length ? actionBar(ticket, actions, { departments, onDone, flash: (kind, text) => showFlash(flash, kind, text) }) : el('p', { className: 'muted small' }, t('actions.none')),
    el('h3', { className: 'section-title' }, t('ticket.timeline')),
    timeline(ticket.timeline, departments),
  );
}

/** What the pane shows before a ticket is chosen: the list in numbers, and what to do. */
export function renderOverview(pane, tickets, hintKey = 'overview.hint', withSla = true) {
  const states = { over: 0, risk: 0, ok: 0 };
  for (const tk of tickets) {
    const state = runningClock(tk)?.state;
    if (state) states[state] += 1;
  }
  const box = (cls, n, text) => el('div', { className: cls }, el('strong', {}, String(n)), text);
  clear(
    pane,
    el('section', { className: 'overview' },
      el('h2', {}, t('overview.title')),
      el('div', { className: 'overview-counts' },
        box('', tickets.length, t('overview.total')),
        withSla ? [box('over', states.over, t('sla.state.over')), box('risk', states.risk, t('sla.state.risk')), box('ok', states.ok, t('sla.state.ok'))] : null,
      ),
      el('p', {}, t(hintKey)),
    ),
  );
}
