/** A plain-text table: the first row is the header; columns are padded to their widest cell. */
export function formatTable(rows: readonly (readonly (string | number | null)[])[]): string {
  const cells = rows.map((r) => r.map((c) => (c === null ? '—' : typeof c === 'number' ? formatNumber(c) : c)));
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
  const widths = cells[0].map((_, i) => Math.max(...cells.map((r) => width(r[i] ?? ''))));
  const line = (r: string[]) => '| ' + r.map((c, i) => c + ' '.repeat(widths[i] - width(c))).join(' | ') + ' |';
  return [line(cells[0]), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...cells.slice(1).map(line)].join('\n');
}

export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  return n.toLocaleString('en-US', { maximumFractionDigits: Math.abs(n) < 10 ? 2 : 1 });
}

export const ms = (v: number | null) => (v === null ? null : `${formatNumber(Math.round(v * 10) / 10)} ms`);
export const pct = (v: number | null, digits = 1) => (v === null ? null : `${(v * 100).toFixed(digits)}%`);
