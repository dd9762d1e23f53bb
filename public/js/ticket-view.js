// How a ticket looks on every staff page: badges, SLA countdowns, the detail block, the timeline.
import { clear, el, fmtDateTime, fmtDuration } from './dom.js';
import { label, nameOf, t } from './i18n.js';

export const openStatuses = ['pending_dispatch', 'dispatched', 'accepted', 'returned', 'replied'];
const AT_RISK_FRACTION = 0.8; // SPEC section 6: at risk when 80% of the time has passed

export function statusBadge(status) {
  return el('span', { className: `badge status-${status}` }, label('status', status));
}

export function urgencyBadge(urgency) {
  if (!urgency || urgency === 'normal') return null;
  return el('span', { className: `badge urgency-${urgency}` }, label('urgency', urgency));
}

/**
 * The clock a department is running against now: accepting while dispatched, replying once
 * accepted; null when no department clock runs. `state` is ok, risk or over.
 */
export function runningClock(ticket, now = Date.now()) {
  if (ticket.status !== 'dispatched' && ticket.status !== 'accepted') return null;
  const acceptPending = ticket.status === 'dispatched' && ticket.acceptDueAt;
  const dueAt = acceptPending ? ticket.acceptDueAt : ticket.replyDueAt;
  if (!dueAt) return null;
  const due = Date.parse(dueAt);
  const start = Date.parse(ticket.dispatchedAt || ticket.createdAt);
  const fraction = due > start ? (now - start) / (due - start) : 1;
  let state = 'ok';
  if (now > due || (!acceptPending && ticket.overdue)) state = 'over';
  else if (fraction >= AT_RISK_FRACTION || (!acceptPending && ticket.atRisk)) state = 'risk';
  return { kind: acceptPending ? 'accept' : 'reply', due, state, remaining: due - now };
}

/** The due time a queue sorts by: the clock that ends first. */
export function nextDue(ticket) {
  const clock = runningClock(ticket);
  return clock ? clock.due : Number.POSITIVE_INFINITY;
}

/** A live countdown; `tickCountdowns()` (called every second) keeps its text and colour current. */
export function countdown(ticket) {
  const node = el('span', { className: 'countdown' });
  node.ticket = ticket;
  updateCountdown(node, Date.now());
  return node;
}

function updateCountdown(node, now) {
  const clock = runningClock(node.ticket, now);
  if (!clock) {
    // In the pool nobody's clock runs yet, but the citizen is waiting: show for how long.
    const waiting = ['pending_dispatch', 'returned'].includes(node.ticket.status);
    node.className = `countdown countdown-none${waiting ? ' waiting' : ''}`;
    node.textContent = waiting ? t('sla.waiting', { time: fmtDuration(now - Date.parse(node.ticket.createdAt)) }) : '';
    delete node.dataset.state;
    return;
  }
  node.className = `countdown sla-${clock.state}`;
  const what = t(`sla.${clock.kind}`);
  node.textContent =
    clock.remaining >= 0
      ? t('sla.remaining', { what, time: fmtDuration(clock.remaining) })
      : t('sla.overBy', { what, time: fmtDuration(-clock.remaining) });
  node.title = `${t(`sla.state.${clock.state}`)} · ${t('sla.dueAt')} ${fmtDateTime(new Date(clock.due).toISOString())}`;
  node.dataset.state = clock.state;
}

export function tickCountdowns(root = document) {
  const now = Date.now();
  for (const node of root.querySelectorAll('.countdown')) if (node.ticket) updateCountdown(node, now);
}

let ticker = null;
export function startCountdownTicker() {
  ticker ??= setInterval(() => tickCountdowns(), 1000);
}

function field(name, ...value) {
  return [el('dt', {}, name), el('dd', {}, ...value)];
}

/** The facts of one ticket, as a definition list. `phoneSlot` replaces the phone (e.g. with a reveal button). */
export function ticketFacts(ticket, { departments, categories, phoneSlot } = {}) {
  const category = ticket.categoryCode ? categories?.byCode.get(ticket.categoryCode) : null;
  const loc = ticket.location || {};
  const district = loc.districtCode && departments ? departments.byCode.get(loc.districtCode) : null;
  const place = [district ? nameOf(district) : loc.districtName, loc.street, loc.address].filter(Boolean).join(' ');
  const c = ticket.citizen || {};
  const citizen = c.anonymous ? t('ticket.anonymous') : c.name || '—';
  const dept = ticket.department ? departments?.byCode.get(ticket.department.code) || ticket.department : null;
  return el(
    'dl',
    { className: 'facts' },
    field(t('ticket.lineChannel'), `${label('line', ticket.line)} · ${label('channel', ticket.channel)}`),
    field(t('ticket.type'), label('type', ticket.type), ' ', urgencyBadge(ticket.urgency)),
    field(t('ticket.category'), category ? categories.path(category) : ticket.categoryCode || t('ticket.uncategorised')),
    field(t('ticket.citizen'), citizen, ' · ', phoneSlot || c.phone || '—', c.callbackConsent === false ? el('span', { className: 'tag' }, t('ticket.noCallback')) : null),
    field(t('ticket.location'), place || '—'),
    field(t('ticket.department'), dept ? nameOf(dept) : t('ticket.noDepartment')),
    field(t('ticket.createdAt'), fmtDateTime(ticket.createdAt)),
    field(t('ticket.acceptDueAt'), fmtDateTime(ticket.acceptDueAt), ticket.acceptedAt ? ` (${t('ticket.acceptedAt')} ${fmtDateTime(ticket.acceptedAt)})` : ''),
    field(t('ticket.replyDueAt'), fmtDateTime(ticket.replyDueAt), ticket.repliedAt ? ` (${t('ticket.repliedAt')} ${fmtDateTime(ticket.repliedAt)})` : ''),
    ticket.externalRef ? field(t('ticket.externalRef'), ticket.externalRef) : null,
  );
}

/** One line of event detail: the data fields people care about, in words. */
function eventDetail(e, departments) {
  const d = e.data || {};
  const bits = [];
  if (d.departmentCode) bits.push(`→ ${departments?.label(d.departmentCode) ?? d.departmentCode}`);
  if (d.outcome) bits.push(label('outcome', d.outcome));
  if (d.workingDays) bits.push(t('timeline.workingDays', { n: d.workingDays }));
  if (d.approve === true) bits.push(t('timeline.approved'));
  if (d.approve === false) bits.push(t('timeline.rejected'));
  if (d.satisfaction) bits.push(label('satisfaction', d.satisfaction));
  if (d.reached === false) bits.push(t('timeline.notReached', { n: d.attempt ?? '' }));
  if (d.parentTicketNo) bits.push(t('timeline.mergedInto', { no: d.parentTicketNo }));
  if (d.returnRejected) bits.push(t('timeline.returnRejected'));
  if (d.reopened) bits.push(t('timeline.reopened'));
  if (d.escalated) bits.push(t('timeline.escalated'));
  if (d.unreachable) bits.push(t('timeline.unreachable'));
  return bits.join(' · ');
}

function actorText(actor) {
  if (!actor) return '';
  if (actor.type === 'user') return t('actor.user', { id: actor.userId });
  return label('actor', actor.type);
}

export function timeline(events, departments) {
  return el(
    'ol',
    { className: 'timeline' },
    (events || []).map((e) =>
      el(
        'li',
        { className: `tl-item tl-${e.action.replace('/', '-')}` },
        el('div', { className: 'tl-head' },
          el('time', { dateTime: e.at }, fmtDateTime(e.at)),
          el('strong', {}, label('action', e.action)),
          e.toStatus && e.toStatus !== e.fromStatus ? statusBadge(e.toStatus) : null,
          el('span', { className: 'muted' }, actorText(e.actor)),
        ),
        eventDetail(e, departments) ? el('div', { className: 'tl-detail' }, eventDetail(e, departments)) : null,
        e.note ? el('div', { className: 'tl-note' }, e.note) : null,
      ),
    ),
  );
}

/** A compact row for queues and pools. */
export function ticketRow(ticket, { onSelect, selected, departments, extra } = {}) {
  const state = runningClock(ticket)?.state;
  const row = el(
    'li',
    { className: `ticket-row${selected ? ' selected' : ''}${state ? ` row-${state}` : ''}`, dataset: { ticketNo: ticket.ticketNo } },
    el(
      'button',
      { type: 'button', className: 'ticket-row-btn', attrs: { 'aria-pressed': selected ? 'true' : 'false' }, onclick: () => onSelect?.(ticket) },
      el('span', { className: 'row-top' }, el('span', { className: 'ticket-no' }, ticket.ticketNo), statusBadge(ticket.status), urgencyBadge(ticket.urgency), countdown(ticket)),
      el('span', { className: 'row-desc' }, ticket.title || ticket.description),
      el(
        'span',
        { className: 'row-meta muted' },
        [label('type', ticket.type), ticket.location?.districtName, ticket.department ? nameOf(departments?.byCode.get(ticket.department.code) || ticket.department) : null, fmtDateTime(ticket.createdAt)]
          .filter(Boolean)
          .join(' · '),
      ),
      extra || null,
    ),
  );
  return row;
}

export function emptyRow(text) {
  return el('li', { className: 'empty' }, text);
}

export function renderList(listNode, tickets, opts) {
  clear(listNode, tickets.length ? tickets.map((tk) => ticketRow(tk, { ...opts, selected: opts.selectedNo === tk.ticketNo })) : emptyRow(opts.emptyText || t('list.empty')));
}

/** One suggested duplicate (same category, same place, last 7 days), with an optional button. */
export function duplicateItem(d, ...extra) {
  const where = [d.address, d.distanceM !== null && d.distanceM !== undefined ? t('ticket.distance', { m: Math.round(d.distanceM) }) : null].filter(Boolean).join(' · ');
  return el('li', { dataset: { ticketNo: d.ticketNo } }, el('span', { className: 'ticket-no' }, d.ticketNo), ' ', d.status ? statusBadge(d.status) : null, ' ', el('span', { className: 'muted' }, [fmtDateTime(d.createdAt), where].filter((x) => x && x !== '—').join(' · ')), ' ', ...extra);
}
