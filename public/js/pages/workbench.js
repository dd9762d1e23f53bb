// /workbench: a handler's own queue (and a supervisor's view of every department), sorted by due
// time with live countdowns; detail with the timeline and the actions of the user's role.
import { api } from '../api.js';
import { $, clear, debounce, el, fmtDateTime } from '../dom.js';
import { errorText, showMessage } from '../forms.js';
import { onLangChange, t } from '../i18n.js';
import { connectLive } from '../live.js';
import { loadCategories } from '../reference.js';
import { startStaffPage } from '../shell.js';
import { flashChanged, isEditing, pendingExtension, renderDetail, renderOverview } from '../ticket-detail.js';
import { nextDue, renderList, runningClock, startCountdownTicker } from '../ticket-view.js';

const RUNNING = 'dispatched,accepted';
const filtersByRole = {
  handler: [
    { key: 'todo', status: RUNNING },
    { key: 'risk', status: RUNNING, only: (tk) => runningClock(tk)?.state !== 'ok' },
    { key: 'replied', status: 'replied', newestFirst: true },
  ],
  supervisor: [
    { key: 'open', status: RUNNING },
    { key: 'risk', status: RUNNING, only: (tk) => runningClock(tk)?.state === 'risk' },
    { key: 'overdue', status: RUNNING, overdue: 'true' },
    { key: 'replied', status: 'replied', newestFirst: true },
    { key: 'closed', status: 'closed', newestFirst: true },
  ],
};

async function init() {
  const session = await startStaffPage({ roles: ['handler', 'supervisor'] });
  if (!session) return;
  const { departments, user } = session;
  const categories = await loadCategories();
  const filters = filtersByRole[user.role];
  const pane = $('#detail');
  const msg = $('#queue-msg');
  let filter = filters[0];
  let tickets = [];
  let selected = null;

  $('#queue-title').textContent = t(user.role === 'supervisor' ? 'workbench.titleSupervisor' : 'workbench.title');

  function renderFilters() {
    clear(
      $('#queue-filters'),
      filters.map((f) =>
        el('button', { type: 'button', className: `chip${f === filter ? ' active' : ''}`, attrs: { 'aria-pressed': String(f === filter) }, onclick: () => {
          filter = f;
          renderFilters();
          refresh();
        } }, t(`workbench.filter.${f.key}`)),
      ),
    );
  }

  async function refresh() {
    try {
      const res = await api('/tickets', { query: { status: filter.status, overdue: filter.overdue, q: $('#queue-q').value.trim(), limit: 200 } });
      let list = res.tickets;
      if (filter.only) list = list.filter(filter.only);
      if (!filter.newestFirst) list.sort((a, b) => nextDue(a) - nextDue(b));
      tickets = list;
      msg.hidden = true;
      renderQueue();
    } catch (err) {
      showMessage(msg, 'error', errorText(err));
    }
  }

  function renderQueue() {
    renderList($('#queue'), tickets, { departments, selectedNo: selected?.ticketNo, onSelect: (tk) => select(tk.ticketNo, true), emptyText: t('workbench.empty') });
    if (!selected) renderOverview(pane, tickets);
  }

  /** Shows a ticket; a refresh of the one on screen waits while the person fills in a form (`force`: they chose it). */
  async function select(ticketNo, force = false) {
    try {
      const ticket = await api(`/tickets/${encodeURIComponent(ticketNo)}`);
      if (!force && selected?.ticketNo === ticketNo && isEditing(pane)) {
        flashChanged(pane);
        return;
      }
      selected = ticket;
      renderQueue();
      draw();
    } catch (err) {
      clear(pane, el('p', { className: 'msg msg-error', role: 'alert' }, errorText(err)));
    }
  }

  function actionsFor(tk) {
    const pending = pendingExtension(tk);
    const hasSubUnits = tk.department && departments.below(tk.department.code).length > 0;
    if (user.role === 'handler') {
      if (tk.status === 'dispatched') return ['accept', 'return', ...(hasSubUnits ? ['pass-down'] : [])];
      if (tk.status === 'accepted') return ['reply', ...(pending ? [] : ['extension']), 'return', ...(hasSubUnits ? ['pass-down'] : [])];
      return [];
    }
    const out = [];
    if (pending) {
      out.push({ name: 'extension/decision', labelKey: 'action.approveExtension', submitBody: (v) => ({ approve: true, ...v }) });
      out.push({ name: 'extension/decision', labelKey: 'action.rejectExtension', submitBody: (v) => ({ approve: false, ...v }) });
    }
    if (['pending_dispatch', 'dispatched', 'accepted', 'returned', 'replied'].includes(tk.status)) out.push('urge');
    if (tk.status === 'closed') out.push('reopen');
    return out;
  }

  function notes(tk) {
    const pending = pendingExtension(tk);
    const out = [];
    if (pending) out.push(el('div', { className: 'msg msg-warn' }, t('workbench.pendingExtension', { n: pending.workingDays ?? '?', at: fmtDateTime(pending.at) }), ' ', pending.reason || ''));
    const urges = (tk.timeline || []).filter((e) => e.action === 'urge');
    if (urges.length && ['dispatched', 'accepted'].includes(tk.status)) {
      const last = urges[urges.length - 1];
      out.push(el('div', { className: 'msg msg-error' }, t('workbench.urged', { at: fmtDateTime(last.at) }), ' ', last.note || ''));
    }
    return out;
  }

  function draw() {
    if (!selected) return;
    renderDetail(pane, selected, {
      departments,
      categories,
      actions: actionsFor(selected),
      notes: notes(selected),
      onDone: async (updated) => {
        await refresh();
        await select(updated.ticketNo ?? selected.ticketNo);
      },
    });
  }

  const refreshSoon = debounce(refresh, 300);
  const changed = (e) => {
    refreshSoon();
    if (selected && e && (e.ticketNo === selected.ticketNo || e.ticketId === selected.id)) {
      select(selected.ticketNo);
    }
  };
  const breached = (kind) => (e) => {
    changed(e);
    showMessage(msg, kind === 'overdue' ? 'error' : 'warn', t(`workbench.alert.${kind}`, { no: e?.ticketNo ?? '' }));
  };

  $('#queue-refresh').addEventListener('click', () => {
    refresh();
    if (selected) select(selected.ticketNo);
  });
  $('#queue-q').addEventListener('input', refreshSoon);
  onLangChange(() => {
    $('#queue-title').textContent = t(user.role === 'supervisor' ? 'workbench.titleSupervisor' : 'workbench.title');
    renderFilters();
    renderQueue();
    draw();
  });
  renderFilters();
  startCountdownTicker();
  await refresh();
  setInterval(refresh, 60_000);
  connectLive({
    onStatus: session.setLive,
    onConnect: () => refresh(),
    handlers: { 'ticket:changed': changed, 'sla:at-risk': breached('atRisk'), 'sla:overdue': breached('overdue') },
  });
}

init();
