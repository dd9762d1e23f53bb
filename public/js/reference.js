// Reference data (departments, categories), fetched once per page and indexed.
import { api } from './api.js';
import { nameOf } from './i18n.js';

let departmentsP = null;
let categoriesP = null;

export function loadDepartments() {
  departmentsP ??= api('/departments', { anonymous: true }).then(({ departments }) => indexDepartments(departments));
  return departmentsP;
}

export function loadCategories() {
  categoriesP ??= api('/categories', { anonymous: true }).then(({ categories }) => indexCategories(categories));
  return categoriesP;
}

function indexDepartments(list) {
  const byCode = new Map(list.map((d) => [d.code, d]));
  const byId = new Map(list.map((d) => [d.id, d]));
  const children = (code) => list.filter((d) => d.parentCode === code);
  return {
    list,
    byCode,
    byId,
    children,
    districts: list.filter((d) => d.kind === 'district').sort((a, b) => a.code.localeCompare(b.code)),
    /** Departments a ticket can be dispatched to (not the centre itself, not the 110 platform). */
    dispatchable: list.filter((d) => d.kind !== 'centre' && d.kind !== 'external'),
    /** Everything below `code` (its sub-units at any depth), for pass-down. */
    below(code) {
      const out = [];
      const stack = children(code);
      while (stack.length) {
        const d = stack.shift();
        out.push(d);
        stack.push(...children(d.code));
      }
      return out;
    },
    /** "徐汇区 · 徐汇区生态环境局" style label with the parent for context. */
    label(codeOrDept) {
      const d = typeof codeOrDept === 'string' ? byCode.get(codeOrDept) : codeOrDept;
      if (!d) return codeOrDept ?? '—';
      const parent = d.parentCode ? byCode.get(d.parentCode) : null;
      return parent && parent.kind === 'district' && d.kind === 'street' ? `${nameOf(parent)} · ${nameOf(d)}` : nameOf(d);
    },
  };
}

function indexCategories(list) {
  const byCode = new Map(list.map((c) => [c.code, c]));
  const path = (c) => {
    const names = [];
    for (let node = c; node; node = node.parentCode ? byCode.get(node.parentCode) : null) names.unshift(nameOf(node));
    return names.join(' › ');
  };
  const leaves = list.filter((c) => c.leaf);
  return {
    list,
    byCode,
    leaves,
    path,
    /**
     * The leaf whose keywords occur in `text` (Chinese has no spaces: substrings), most and longest
     * matches first, as a suggestion to the operator; the routing worker classifies again anyway.
     */
    suggest(text, max = 3) {
      if (!text) return [];
      const scored = [];
      for (const c of leaves) {
        const hits = (c.keywords || []).filter((k) => k && text.includes(k));
        if (hits.length) scored.push({ category: c, hits, score: hits.reduce((s, k) => s + k.length, 0) });
      }
      return scored.sort((a, b) => b.score - a.score).slice(0, max);
    },
    /** Every keyword found in `text`, longest first: search terms for the knowledge base. */
    keywordsIn(text) {
      const found = new Set();
      for (const c of list) for (const k of c.keywords || []) if (k && k.length >= 2 && text.includes(k)) found.add(k);
      return [...found].sort((a, b) => b.length - a.length);
    },
  };
}
