// /dispatch: the manual dispatch pool (what routing could not place) and returned tickets, live.
import { api } from '../api.js';
import { $, clear, debounce, el } from '../dom.js';
import { errorText, showMessage } from '../forms.js';
import { nameOf, onLangChange, t } from '../i18n.js';
import { connectLive } from '../live.js';
import { loadCategories } from '../reference.js';
import { startStaffPage } from '../shell.js';
import { flashChanged, isEditing, lastReturn, renderDetail, renderOverview } from '../ticket-detail.js';
import { duplicateItem, renderList, startCountdownTicker } from '../ticket-view.js';

async function init() {
  const session = await startStaffPage({ roles: ['dispatcher'] });
  if (!session) return;
  const { departments } = session;
  const categories = await loadCategories();
  const pane = $('#detail');
  const msg = $('#pool-msg');
  let pending = [];
  let returned = [];
  let selected = null;

  async function refreshLists() {
    const q = $('#pool-q').value.trim();
    try {
      const [p, r] = await Promise.all([
        api('/tickets', { query: { status: 'pending_dispatch', limit: 100, q } }),
        api('/tickets', { query: { status: 'returned', limit: 100, q } }),
      ]);
      // Oldest first: they have waited longest.
      pending = p.tickets.reverse();
      returned = r.tickets.reverse();
      msg.hidden = true;
      renderLists();
    } catch (err) {
      showMessage(msg, 'error', errorText(err));
    }
  }

  function renderLists() {
    const opts = { departments, selectedNo: selected?.ticketNo, onSelect: (tk) => select(tk.ticketNo, true) };
    renderList($('#pending-list'), pending, { ...opts, emptyText: t('dispatch.poolEmpty') });
    renderList($('#returned-list'), returned, { ...opts, emptyText: t('dispatch.returnedEmpty') });
    $('#pending-count').textContent = String(pending.length);
    $('#returned-count').textContent = String(returned.length);
    if (!selected) renderOverview(pane, [...pending, ...returned], 'dispatch.overviewHint', false);
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
      renderLists();
      draw();
    } catch (err) {
      clear(pane, el('p', { className: 'msg msg-error', role: 'alert' }, errorText(err)));
    }
  }

  function suggestedDepartment(ticket) {
    const category = ticket.categoryCode ? categories.byCode.get(ticket.categoryCode) : null;
    return category?.defaultDepartmentCode ?? '';
  }

  function notes(ticket) {
    const out = [];
    const ret = ticket.status === 'returned' ? lastReturn(ticket) : null;
    if (ret) {
      const from = ticket.department ? nameOf(departments.byCode.get(ticket.department.code) || ticket.department) : '';
      out.push(el('div', { className: 'msg msg-warn' }, el('strong', {}, t('dispatch.returnReason', { from })), ' ', ret.note || '—'));
    }
    const dups = ticket.suggestedDuplicates || [];
    if (dups.length) {
      out.push(
        el('div', { className: 'msg msg-info' },
          el('strong', {}, t('dispatch.duplicates')),
          el('ul', {}, dups.map((d) => duplicateItem(d, el('button', { type: 'button', className: 'btn btn-small', onclick: () => openMerge(d.ticketNo) }, t('dispatch.mergeInto'))))),
        ),
      );
    }
    return out;
  }

  function openMerge(parentNo) {
    const btn = pane.querySelector('[data-action="merge"]');
    btn?.click();
    const input = pane.querySelector('.action-form input[name="parentId"]');
    if (input) input.value = String(parentNo);
  }

  function actionsFor(ticket) {
    if (ticket.status === 'pending_dispatch') {
      return [{ name: 'dispatch', values: { departmentCode: suggestedDepartment(ticket) } }, 'merge', 'transfer-110'];
    }
    if (ticket.status === 'returned') {
      return [
        { name: 'dispatch', labelKey: 'action.redispatch' },
        { name: 'dispatch', labelKey: 'action.rejectReturn', values: { departmentCode: ticket.department?.code ?? '' } },
        'merge',
      ];
    }
    return [];
  }

  function draw() {
    if (!selected) return;
    renderDetail(pane, selected, {
      departments,
      categories,
      actions: actionsFor(selected),
      notes: notes(selected),
      onDone: async (updated) => {
        await refreshLists();
        await select(updated.ticketNo ?? selected.ticketNo);
      },
    });
  }

  const refreshSoon = debounce(refreshLists, 300);
  $('#pool-refresh').addEventListener('click', () => {
    refreshLists();
    if (selected) select(selected.ticketNo);
  });
  $('#pool-q').addEventListener('input', refreshSoon);
  onLangChange(() => {
    renderLists();
    draw();
  });
  startCountdownTicker();
  await refreshLists();
  setInterval(refreshLists, 60_000);

  const changed = (e) => {
    refreshSoon();
    if (selected && e && (e.ticketNo === selected.ticketNo || e.ticketId === selected.id)) {
      select(selected.ticketNo);
    }
  };
  connectLive({
    onStatus: session.setLive,
    onConnect: () => refreshLists(),
    handlers: { 'dispatch:pool': refreshSoon, 'ticket:changed': changed },
  });
}

init();
