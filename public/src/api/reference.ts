// Reference data (departments, categories), fetched once per page load and indexed.
import { api } from './client';
import type { Category, Department } from './types';
import { nameOf } from '../i18n';

export interface DepartmentIndex {
  list: Department[];
  byCode: Map<string, Department>;
  byId: Map<number, Department>;
  districts: Department[];
  /** Departments a ticket can be dispatched to (not the centre itself, not the 110 platform). */
  dispatchable: Department[];
  children(code: string): Department[];
  /** Everything below `code` (its sub-units at any depth), for pass-down. */
  below(code: string): Department[];
  /** "徐汇区 · 徐汇区生态环境局" style label with the district for context. */
  label(codeOrDept: string | Department | null | undefined): string;
}

export interface CategoryIndex {
  list: Category[];
  byCode: Map<string, Category>;
  leaves: Category[];
  children(code: string | null): Category[];
  /** "环境保护 › 噪声 › 夜间施工噪声" in the current language. */
  path(c: Category | string | null | undefined): string;
}

let departments: Promise<DepartmentIndex> | null = null;
let categories: Promise<CategoryIndex> | null = null;

export function loadDepartments(): Promise<DepartmentIndex> {
  departments ??= api<{ departments: Department[] }>('/departments', { anonymous: true }).then(({ departments: list }) => indexDepartments(list));
  return departments;
}

export function loadCategories(): Promise<CategoryIndex> {
  categories ??= api<{ categories: Category[] }>('/categories', { anonymous: true }).then(({ categories: list }) => indexCategories(list));
  return categories;
}

function indexDepartments(list: Department[]): DepartmentIndex {
  const byCode = new Map(list.map((d) => [d.code, d]));
  const byId = new Map(list.map((d) => [d.id, d]));
  const children = (code: string) => list.filter((d) => d.parentCode === code);
  return {
    list,
    byCode,
    byId,
    children,
    districts: list.filter((d) => d.kind === 'district').sort((a, b) => a.code.localeCompare(b.code)),
    dispatchable: list.filter((d) => d.kind !== 'centre' && d.kind !== 'external'),
    below(code) {
      const out: Department[] = [];
      const queue = children(code);
      for (let d = queue.shift(); d; d = queue.shift()) {
        out.push(d);
        queue.push(...children(d.code));
      }
      return out;
    },
    label(codeOrDept) {
      const d = typeof codeOrDept === 'string' ? byCode.get(codeOrDept) : codeOrDept;
      if (!d) return typeof codeOrDept === 'string' ? codeOrDept : '—';
      const parent = d.parentCode ? byCode.get(d.parentCode) : undefined;
      return parent && parent.kind === 'district' && d.kind === 'street' ? `${nameOf(parent)} · ${nameOf(d)}` : nameOf(d);
    },
  };
}

function indexCategories(list: Category[]): CategoryIndex {
  const byCode = new Map(list.map((c) => [c.code, c]));
  return {
    list,
    byCode,
    leaves: list.filter((c) => c.leaf),
    children: (code) => list.filter((c) => c.parentCode === code),
    path(c) {
      const names: string[] = [];
      for (let node = typeof c === 'string' ? byCode.get(c) : (c ?? undefined); node; node = node.parentCode ? byCode.get(node.parentCode) : undefined) names.unshift(nameOf(node));
      return names.join(' › ') || '—';
    },
  };
}
