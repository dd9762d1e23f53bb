// /dashboard: the supervisors' big screen, live over Socket.io. Figures come from /metrics (and the
// `metrics` push); after a reconnect everything is fetched again, so nothing missed stays missing.
import { api } from '../api.js';
import { $, clear, debounce, el, fmtDateTime, fmtNumber, fmtPercent } from '../dom.js';
import { errorText, showMessage } from '../forms.js';
import { nameOf, onLangChange, t } from '../i18n.js';
import { connectLive } from '../live.js';
import { startStaffPage } from '../shell.js';
import { countdown, startCountdownTicker } from '../ticket-view.js';
import { drawChannels, drawHourly, drawStatuses } from './dashboard-charts.js';
import { hourlyIntake } from './dashboard-hourly.js';

const OPEN_STATUSES = ['pending_dispatch', 'dispatched', 'accepted', 'returned', 'replied'];
const WINDOWS = ['today', 'month', 'year'];
const LINES = ['12345', '12369', '110'];
const orderedLines = (byLine = {}) => Object.fromEntries([...LINES, ...Object.keys(byLine).filter((l) => !LINES.includes(l))].map((l) => [l, byLine[l] ?? 0]));

async function init() {
  const session = await startStaffPage({ roles: ['supervisor', 'admin'] });
  if (!session) return;
  const { departments } = session;
  const msg = $('#dash-msg');
  let windowName = 'today';
  let metrics = null;
  let lastPush = 0;
  let hourly = null;
  let risk = [];
  let over = [];

  function renderWindowSwitch() {
    clear(
      $('#window-switch'),
      WINDOWS.map((w) =>
        el('button', { type: 'button', className: `chip${w === windowName ? ' active' : ''}`, attrs: { 'aria-pressed': String(w === windowName) }, onclick: () => {
          windowName = w;
          renderWindowSwitch();
          fetchMetrics();
        } }, t(`dashboard.window.${w}`)),
      ),
    );
  }

  async function fetchMetrics() {
    try {
      metrics = await api('/metrics', { query: { window: windowName } });
      msg.hidden = true;
      renderMetrics();
    } catch (err) {
      showMessage(msg, 'error', errorText(err));
    }
  }

  /** A pushed snapshot replaces ours only when it is for the window on screen, unfiltered. */
  function onPush(snapshot) {
    lastPush = Date.now();
    const sameWindow = metrics && snapshot?.window && snapshot.window.from === metrics.window?.from && snapshot.window.to === metrics.window?.to;
    const unfiltered = !snapshot?.filters || Object.values(snapshot.filters).every((v) => v === null || v === undefined);
    if (sameWindow && unfiltered && snapshot.intake) {
      metrics = snapshot;
      renderMetrics();
    } else fetchMetrics();
    refreshHourlySoon();
  }

  function tile(key, value, sub, cls = '') {
    return el('div', { className: `kpi ${cls}`, dataset: { kpi: key } }, el('div', { className: 'kpi-label' }, t(`kpi.${key}`)), el('div', { className: 'kpi-value' }, value), el('div', { className: 'kpi-sub muted' }, sub || '\u00a0'));
  }

  function renderMetrics() {
    if (!metrics) return;
    const m = metrics;
    const ch = m.intake?.byChannel ?? {};
    clear(
      $('#kpis'),
      tile('intake', fmtNumber(m.intake?.total), t('kpi.intakeSub', { phone: fmtNumber(ch.phone ?? 0), online: fmtNumber((ch.web ?? 0) + (ch.app ?? 0)) })),
      tile('answeredOnSpot', fmtPercent(m.intake?.answeredOnSpotRate), t('kpi.count', { n: fmtNumber(m.intake?.answeredOnSpot) })),
      tile('dispatched', fmtNumber(m.tickets?.dispatched), t('kpi.resolvedSub', { n: fmtNumber(m.tickets?.resolved) })),
      tile('open', fmtNumber(m.tickets?.open), t('kpi.returnedSub', { n: fmtNumber(m.tickets?.returned) })),
      tile('onTime', fmtPercent(m.sla?.onTimeRate), t('kpi.repliedSub', { n: fmtNumber(m.sla?.replied) }), 'good'),
      tile('satisfaction', fmtPercent(m.survey?.satisfactionRate), t('kpi.surveyedSub', { n: fmtNumber(m.survey?.answered ?? m.survey?.surveyed) }), 'good'),
      tile('atRisk', fmtNumber(m.sla?.atRisk), t('kpi.now'), m.sla?.atRisk ? 'warn' : ''),
      tile('overdue', fmtNumber(m.sla?.overdue), t('kpi.now'), m.sla?.overdue ? 'bad' : ''),
    );
    $('#generated-at').textContent = t('dashboard.updated', { at: fmtDateTime(m.generatedAt ?? new Date().toISOString()), from: m.window?.from ?? '', to: m.window?.to ?? '' });
    drawChannels(m.intake?.byChannel, orderedLines(m.intake?.byLine));
    drawStatuses(m.tickets?.byStatus, OPEN_STATUSES);
    renderLeague(m.departments ?? []);
    if (Array.isArray(m.intake?.byHour) && windowName === 'today') {
      hourly = { counts: m.intake.byHour, partial: false };
      renderHourly();
    }
  }

  function renderLeague(rows) {
    const head = el('thead', {}, el('tr', {}, ['rank', 'department', 'dispatched', 'open', 'overdue', 'onTime', 'satisfaction'].map((k) => el('th', { scope: 'col' }, t(`league.${k}`)))));
    const body = el(
      'tbody',
      {},
      rows.length
        ? rows.slice(0, 30).map((r, i) => {
            const d = departments.byCode.get(r.department?.code) || r.department;
            return el('tr', { className: r.sla?.overdue ? 'has-overdue' : '' },
              el('td', {}, String(i + 1)),
              el('th', { scope: 'row' }, nameOf(d)),
              el('td', {}, fmtNumber(r.tickets?.dispatched)),
              el('td', {}, fmtNumber(r.tickets?.open)),
              el('td', { className: r.sla?.overdue ? 'sla-over' : '' }, fmtNumber(r.sla?.overdue)),
              el('td', {}, fmtPercent(r.sla?.onTimeRate)),
              el('td', {}, fmtPercent(r.survey?.satisfactionRate)),
            );
          })
        : el('tr', {}, el('td', { colSpan: 7, className: 'empty' }, t('league.empty'))),
    );
    clear($('#league'), head, body);
  }

  async function refreshHourly() {
    if (Array.isArray(metrics?.intake?.byHour) && windowName === 'today') return;
    try {
      hourly = await hourlyIntake();
      renderHourly();
    } catch (err) {
      $('#hourly-note').textContent = errorText(err);
    }
  }
  const refreshHourlySoon = debounce(refreshHourly, 2000);

  function renderHourly() {
    if (!hourly) return;
    drawHourly(hourly.counts);
    $('#hourly-note').textContent = hourly.partial ? t('dashboard.hourlyPartial', { n: hourly.seen }) : '';
  }

  async function refreshLists() {
    try {
      const [o, r] = await Promise.all([
        api('/tickets', { query: { status: 'dispatched,accepted', overdue: 'true', limit: 50 } }),
        api('/tickets', { query: { status: 'dispatched,accepted', overdue: 'false', limit: 200 } }),
      ]);
      over = o.tickets;
      risk = r.tickets.filter((tk) => tk.atRisk);
      renderLists();
    } catch (err) {
      showMessage(msg, 'error', errorText(err));
    }
  }

  function miniRow(tk) {
    const d = tk.department ? departments.byCode.get(tk.department.code) || tk.department : null;
    return el('li', {}, el('span', { className: 'ticket-no' }, tk.ticketNo), el('span', { className: 'mini-dept' }, d ? nameOf(d) : '—'), countdown(tk));
  }

  function renderLists() {
    const byDue = (a, b) => Date.parse(a.replyDueAt) - Date.parse(b.replyDueAt);
    clear($('#risk-list'), risk.length ? risk.sort(byDue).slice(0, 12).map(miniRow) : el('li', { className: 'empty' }, t('dashboard.noneAtRisk')));
    clear($('#over-list'), over.length ? over.sort(byDue).slice(0, 12).map(miniRow) : el('li', { className: 'empty' }, t('dashboard.noneOverdue')));
    $('#risk-count').textContent = String(risk.length);
    $('#over-count').textContent = String(over.length);
  }

  const refreshListsSoon = debounce(refreshLists, 1000);
  const refreshMetricsSoon = debounce(fetchMetrics, 1000);
  function everything() {
    fetchMetrics();
    refreshLists();
    refreshHourly();
  }

  onLangChange(() => {
    renderWindowSwitch();
    renderMetrics();
    renderHourly();
    renderLists();
  });
  renderWindowSwitch();
  startCountdownTicker();
  everything();
  setInterval(everything, 60_000);
  connectLive({
    onStatus: session.setLive,
    // After a reconnect the pushes missed while away are gone: read everything again.
    onConnect: () => everything(),
    handlers: {
      metrics: onPush,
      'ticket:changed': () => {
        refreshListsSoon();
        refreshHourlySoon();
        if (Date.now() - lastPush > 10_000) refreshMetricsSoon(); // the server is not pushing figures
      },
      'sla:at-risk': refreshListsSoon,
      'sla:overdue': refreshListsSoon,
    },
  });
}

init();
