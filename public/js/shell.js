// The frame of every staff page: who is signed in, the top bar, the live indicator, sign-out.
import { api, ApiError, clearSession, getToken, saveSession, setUnauthenticatedHandler } from './api.js';
import { clear, el } from './dom.js';
import { applyI18n, label, langToggle, nameOf, onLangChange, t } from './i18n.js';
import { loadDepartments } from './reference.js';

/** Where each role starts its day. */
export const landingPage = {
  operator: '/operator',
  dispatcher: '/dispatch',
  handler: '/workbench',
  supervisor: '/workbench',
  admin: '/dashboard',
};

const pages = [
  { path: '/operator', key: 'nav.operator', roles: ['operator'] },
  { path: '/dispatch', key: 'nav.dispatch', roles: ['dispatcher'] },
  { path: '/workbench', key: 'nav.workbench', roles: ['handler', 'supervisor'] },
  { path: '/dashboard', key: 'nav.dashboard', roles: ['supervisor', 'admin'] },
];

function toSignIn(reason) {
  const next = encodeURIComponent(location.pathname + location.search);
  location.replace(`/?next=${next}${reason ? `&reason=${reason}` : ''}`);
}

/**
 * Checks the session and draws the top bar. Resolves with `{user, departments, setLive}` when the
 * signed-in user's role may use this page; otherwise it explains why (or goes to sign-in) and
 * resolves with null.
 */
export async function startStaffPage({ roles }) {
  applyI18n();
  if (!getToken()) {
    toSignIn();
    return null;
  }
  setUnauthenticatedHandler(() => {
    clearSession();
    toSignIn('expired');
  });
  let user;
  try {
    ({ user } = await api('/auth/me'));
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null; // handler above redirects
    document.body.append(el('p', { className: 'msg msg-error', role: 'alert' }, `${t('error.unexpected')}: ${err.message}`));
    return null;
  }
  saveSession(getToken(), user);
  const departments = await loadDepartments();
  const live = renderTopBar(user, departments);
  if (!roles.includes(user.role)) {
    const main = document.querySelector('main');
    clear(
      main,
      el('section', { className: 'panel notice', role: 'alert' },
        el('h1', {}, t('shell.wrongRole')),
        el('p', {}, t('shell.wrongRoleText', { role: label('role', user.role) })),
        el('a', { className: 'btn', href: landingPage[user.role] || '/' }, t('shell.goToMyPage')),
      ),
    );
    return null;
  }
  return { user, departments, setLive: live };
}

function renderTopBar(user, departments) {
  const bar = document.querySelector('.topbar');
  const department = departments.byId.get(user.departmentId);
  const liveDot = el('span', { className: 'live live-off', role: 'status', attrs: { 'aria-live': 'polite' } });
  let liveState = null;
  const renderLive = () => {
    liveDot.className = `live live-${liveState ?? 'off'}`;
    liveDot.textContent = liveState ? t(`live.${liveState}`) : '';
    liveDot.hidden = !liveState;
  };
  const signOut = el('button', { type: 'button', className: 'btn btn-ghost' });
  signOut.addEventListener('click', async () => {
    try {
      await api('/auth/logout', { method: 'POST' });
    } catch {
      // signing out locally is what matters; the token expires on its own
    }
    clearSession();
    location.href = '/';
  });
  const nav = el('nav', { className: 'topnav', attrs: { 'aria-label': 'main' } });
  const who = el('span', { className: 'who' });

  const render = () => {
    clear(
      nav,
      pages
        .filter((p) => p.roles.includes(user.role))
        .map((p) => el('a', { href: p.path, className: location.pathname === p.path ? 'active' : '', attrs: location.pathname === p.path ? { 'aria-current': 'page' } : {} }, t(p.key))),
    );
    clear(who, el('strong', {}, user.username), ` · ${label('role', user.role)}`, department ? ` · ${nameOf(department)}` : '');
    signOut.textContent = t('shell.signOut');
    renderLive();
  };
  clear(
    bar,
    el('a', { className: 'brand', href: landingPage[user.role] || '/' }, el('span', { className: 'brand-mark' }, '12345'), el('span', { className: 'brand-name', dataset: { i18n: 'app.name' } }, t('app.name'))),
    nav,
    el('div', { className: 'topbar-right' }, liveDot, who, langToggle(), signOut),
  );
  render();
  onLangChange(render);
  return (state) => {
    liveState = state;
    renderLive();
  };
}
