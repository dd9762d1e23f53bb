// A web process's copy of windows' sealed sums (docs/PERFORMANCE.md section 5). Sealed rows and
// rollups change only when the compaction seals, and every sealing transaction raises the seal
// generation: sums read at generation g are still exact while the generation is g, so a read
// then adds up only the window's live rows (few, whatever the history) and takes the rest from here.

type Row = Record<string, number | string>;

export interface SealedSums {
  generation: number;
  rows: Row[];
}

/** The most recently used windows' sealed sums, at most `capacity` of them (a year's histograms are ~12,500 rows). */
export class SealedSumsCache {
  private readonly entries = new Map<string, SealedSums>();

  constructor(private readonly capacity: number) {}

  get(key: string): SealedSums | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      // Map keeps insertion order: moving the entry to the end keeps the least recently used first.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, sums: SealedSums): void {
    this.entries.delete(key);
    this.entries.set(key, sums);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}

const keyOf = (keys: readonly string[], row: Row) => keys.map((c) => row[c]).join('|');

/** Where each key sits in a set of kept sums, worked out once per set (a year's histograms are ~12,500 rows). */
const positions = new WeakMap<Row[], Map<string, number>>();

function positionsIn(keys: readonly string[], sealed: Row[]): Map<string, number> {
  let at = positions.get(sealed);
  if (!at) positions.set(sealed, (at = new Map(sealed.map((row, i) => [keyOf(keys, row), i]))));
  return at;
}

/**
 * A window's sealed sums with its live rows added in, value by value where they share the key
 * columns. The sealed rows hold each key once (they are read grouped by it) and are not copied:
 * only the live rows are looked up, so a read costs its live rows, not the ~12,500 kept ones (copying
 * and re-keying those was a year's read's biggest cost in the web process, with the garbage it made).
 * Neither side's rows are changed.
 */
export function addUp(keys: readonly string[], values: readonly string[], sealed: Row[], live: Row[]): Row[] {
  if (!live.length) return sealed;
  const at = positionsIn(keys, sealed);
  const added = new Map<string, number>();
  const out = sealed.slice();
  for (const row of live) {
    const k = keyOf(keys, row);
    const i = at.get(k) ?? added.get(k);
    if (i === undefined) {
      added.set(k, out.length);
      out.push(row);
    } else {
      const sum = { ...out[i] };
      for (const v of values) sum[v] = Number(sum[v]) + Number(row[v]);
      out[i] = sum;
    }
  }
  return out;
}
