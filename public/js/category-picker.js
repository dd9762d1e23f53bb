// A searchable category picker (ARIA combobox): type part of a name, a keyword or a code, pick with
// the arrow keys and Enter, or the mouse. The chosen code goes into a hidden input named categoryCode.
import { clear, el } from './dom.js';
import { nameOf, t } from './i18n.js';

const MAX_OPTIONS = 12;

export function categoryPicker({ input, hidden, listbox, categories, onChange = () => {} }) {
  let options = [];
  let active = -1;

  const matches = (c, q) => {
    if (!q) return true;
    const hay = `${c.name} ${c.nameEn || ''} ${c.code} ${categories.path(c)} ${(c.keywords || []).join(' ')}`.toLowerCase();
    return q.toLowerCase().split(/\s+/).every((part) => hay.includes(part));
  };

  function open(q) {
    options = categories.leaves.filter((c) => matches(c, q)).slice(0, MAX_OPTIONS);
    active = options.length ? 0 : -1;
    render();
  }

  function close() {
    listbox.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function render() {
    clear(
      listbox,
      options.length
        ? options.map((c, i) =>
            el(
              'li',
              {
                id: `cat-opt-${i}`,
                role: 'option',
                className: i === active ? 'active' : '',
                attrs: { 'aria-selected': i === active ? 'true' : 'false' },
                onmousedown: (ev) => {
                  ev.preventDefault(); // keep focus in the input
                  choose(c);
                },
              },
              el('span', { className: 'opt-name' }, nameOf(c)),
              el('span', { className: 'opt-path muted' }, categories.path(c)),
            ),
          )
        : el('li', { className: 'empty', role: 'option', attrs: { 'aria-disabled': 'true' } }, t('category.none')),
    );
    listbox.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    if (active >= 0) {
      input.setAttribute('aria-activedescendant', `cat-opt-${active}`);
      listbox.querySelector(`#cat-opt-${active}`)?.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  }

  function choose(c) {
    hidden.value = c ? c.code : '';
    input.value = c ? categories.path(c) : '';
    close();
    onChange(c);
  }

  input.addEventListener('input', () => {
    hidden.value = '';
    open(input.value.trim());
  });
  input.addEventListener('focus', () => {
    if (!hidden.value) open(input.value.trim());
  });
  input.addEventListener('blur', () => setTimeout(close, 100));
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      if (listbox.hidden) open(input.value.trim());
      else if (options.length) {
        active = (active + (ev.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length;
        render();
      }
      ev.preventDefault();
    } else if (ev.key === 'Enter' && !listbox.hidden && active >= 0) {
      ev.preventDefault();
      choose(options[active]);
    } else if (ev.key === 'Escape' && !listbox.hidden) {
      ev.preventDefault();
      close();
    }
  });

  return {
    set(code) {
      choose(code ? categories.byCode.get(code) : null);
    },
    refresh() {
      const c = hidden.value ? categories.byCode.get(hidden.value) : null;
      if (c) input.value = categories.path(c);
    },
  };
}
