// Sign in, then go to the page of the user's role (or back where the session expired).
import { api, clearSession, currentUser, getToken, saveSession } from '../api.js';
import { $ } from '../dom.js';
import { clearFieldErrors, hideMessage, showFailure, showMessage, readForm } from '../forms.js';
import { applyI18n, langToggle, t } from '../i18n.js';
import { landingPage } from '../shell.js';

const params = new URLSearchParams(location.search);

/** Only a path on this site, never elsewhere (no open redirect). */
function nextPage(role) {
  const next = params.get('next');
  if (next && next.startsWith('/') && !next.startsWith('//') && next !== '/') return next;
  return landingPage[role] || '/dashboard';
}

async function init() {
  applyI18n();
  $('#lang-slot').append(langToggle());
  const form = $('#login-form');
  const box = $('#login-msg');
  if (params.get('reason') === 'expired') showMessage(box, 'info', t('login.expired'));

  // Already signed in in this tab: straight on.
  if (getToken() && currentUser() && !params.get('reason')) {
    try {
      const { user } = await api('/auth/me');
      location.replace(nextPage(user.role));
      return;
    } catch {
      clearSession();
    }
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    hideMessage(box);
    const body = readForm(form);
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const { token, user } = await api('/auth/login', { method: 'POST', body: { username: body.username ?? '', password: body.password ?? '' }, anonymous: true });
      saveSession(token, user);
      showMessage(box, 'ok', t('login.welcome', { name: user.username }));
      location.assign(nextPage(user.role));
    } catch (err) {
      showFailure(form, box, err);
      $('#password').select();
    } finally {
      button.disabled = false;
    }
  });
}

init();
