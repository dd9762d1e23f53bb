// Simplified Chinese first, English on request; the choice is kept per browser.
import { dictionaries } from './i18n-dict.js';

const LANG_KEY = 'hotline.lang';
const listeners = new Set();
let current = localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh';

export function lang() {
  return current;
}

/** The text for `key`, `{name}` placeholders filled from `vars`; the key itself when unknown. */
export function t(key, vars = {}) {
  const text = dictionaries[current][key] ?? dictionaries.zh[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (vars[name] === undefined ? m : String(vars[name])));
}

/** Whether the dictionary has a text for `key`. */
export function has(key) {
  return key in dictionaries[current] || key in dictionaries.zh;
}

/** `t(prefix.value)` when the dictionary knows it, else the raw value (new enum values still show). */
export function label(prefix, value) {
  if (value === null || value === undefined || value === '') return '—';
  const key = `${prefix}.${value}`;
  return dictionaries[current][key] ?? dictionaries.zh[key] ?? String(value);
}

/** A record's display name in the current language: `name` or `nameEn`. */
export function nameOf(rec) {
  if (!rec) return '—';
  return current === 'en' && rec.nameEn ? rec.nameEn : rec.name;
}

/** Fills `data-i18n` (text), `data-i18n-placeholder`, `data-i18n-title` and `data-i18n-aria` below `root`. */
export function applyI18n(root = document) {
  document.documentElement.lang = current === 'en' ? 'en' : 'zh-CN';
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-placeholder]')) node.placeholder = t(node.dataset.i18nPlaceholder);
  for (const node of root.querySelectorAll('[data-i18n-title]')) node.title = t(node.dataset.i18nTitle);
  for (const node of root.querySelectorAll('[data-i18n-aria]')) node.setAttribute('aria-label', t(node.dataset.i18nAria));
  const title = document.querySelector('title[data-i18n]');
  if (title) document.title = t(title.dataset.i18n);
}

export function setLang(next) {
  current = next === 'en' ? 'en' : 'zh';
  localStorage.setItem(LANG_KEY, current);
  applyI18n();
  for (const fn of listeners) fn(current);
}

/** Re-render what is built from data (lists, labels) when the language changes. */
export function onLangChange(fn) {
  listeners.add(fn);
}

/** A small button that switches between 中文 and English. */
export function langToggle() {
  const btn = document.createElement('button');
  btn.type = 'button';
  btn.className = 'btn btn-ghost lang-toggle';
  const render = () => {
    btn.textContent = current === 'en' ? '中文' : 'English';
    btn.setAttribute('aria-label', current === 'en' ? '切换到中文' : 'Switch to English');
  };
  render();
  btn.addEventListener('click', () => setLang(current === 'en' ? 'zh' : 'en'));
  onLangChange(render);
  return btn;
}
