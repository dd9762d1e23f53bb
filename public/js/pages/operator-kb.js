// The knowledge base beside the intake form: searched as the operator types the caller's words
// (by the category keywords found in them) or directly; "answered on the spot" ends the call.
import { api } from '../api.js';
import { $, clear, debounce, el } from '../dom.js';
import { errorText } from '../forms.js';
import { onLangChange, t } from '../i18n.js';

const PER_TERM = 5;
const SHOWN = 6;

export function setUpKb({ categories }) {
  const input = $('#kb-q');
  const list = $('#kb-results');
  const status = $('#kb-status');
  let typedByHand = false;
  let seq = 0;
  let answer = () => {};
  let said = ['kb.idle', {}];
  /** The status line, kept as key and values so that it follows a language switch. */
  const say = (key, vars = {}) => {
    said = [key, vars];
    status.textContent = t(key, vars);
  };
  onLangChange(() => {
    if (said[0]) status.textContent = t(...said);
  });

  async function search(terms, why) {
    const mine = ++seq;
    if (!terms.length) {
      clear(list);
      say('kb.idle');
      return;
    }
    say('kb.searching');
    try {
      const pages = await Promise.all(terms.slice(0, 3).map((q) => api('/kb', { query: { q, limit: PER_TERM } })));
      if (mine !== seq) return; // a newer search has started
      const seen = new Set();
      const articles = pages.flatMap((p) => p.articles).filter((a) => !seen.has(a.id) && seen.add(a.id)).slice(0, SHOWN);
      say(articles.length ? 'kb.found' : 'kb.nothing', { n: articles.length, why });
      clear(list, articles.map(article));
    } catch (err) {
      if (mine === seq) {
        said = [null];
        status.textContent = errorText(err);
      }
    }
  }

  function article(a) {
    const body = el('p', { className: 'kb-body' }, a.body);
    const more = el('button', { type: 'button', className: 'link', attrs: { 'aria-expanded': 'false' } }, t('kb.more'));
    more.addEventListener('click', () => {
      const open = body.classList.toggle('open');
      more.textContent = t(open ? 'kb.less' : 'kb.more');
      more.setAttribute('aria-expanded', String(open));
    });
    const confirm = el('div', { className: 'kb-confirm', hidden: true });
    const start = el('button', { type: 'button', className: 'btn btn-success btn-small' }, t('kb.answered'));
    start.addEventListener('click', () => {
      const id = `kb-answer-${a.id}`;
      const text = el('textarea', { id, rows: 4, maxLength: 4000, value: a.body });
      const go = el('button', { type: 'button', className: 'btn btn-success btn-small' }, t('kb.confirm'));
      go.addEventListener('click', async () => {
        go.disabled = true;
        const done = await answer(text.value.trim());
        go.disabled = false;
        if (done) confirm.hidden = true;
      });
      const cancel = el('button', { type: 'button', className: 'btn btn-small', onclick: () => (confirm.hidden = true) }, t('common.cancel'));
      clear(confirm, el('label', { htmlFor: id }, t('kb.answerLabel')), text, el('div', { className: 'actions' }, go, cancel));
      confirm.hidden = false;
      text.focus();
    });
    return el('li', { className: 'kb-item' }, el('h3', {}, a.title), body, el('div', { className: 'actions' }, more, start), confirm);
  }

  input.addEventListener('input', () => {
    typedByHand = input.value.trim() !== '';
  });
  input.addEventListener(
    'input',
    debounce(() => {
      const q = input.value.trim();
      search(q ? [q] : [], q);
    }, 250),
  );
  say('kb.idle');

  return {
    /** Follows the caller's words while the operator has not typed a search of their own. */
    followText(text) {
      if (typedByHand) return;
      const terms = categories.keywordsIn(text);
      input.value = terms.slice(0, 3).join(' ');
      search(terms, terms.slice(0, 3).join('、'));
    },
    onAnswer(fn) {
      answer = fn;
    },
  };
}
