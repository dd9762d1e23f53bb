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

/** Rows of the same key columns added up, value by value (sealed sums and live rows of one window). */
export function addUp(keys: readonly string[], values: readonly string[], ...parts: Row[][]): Row[] {
  const out = new Map<string, Row>();
  for (const rows of parts) {
    for (const row of rows) {
      const k = keys.map((c) => row[c]).join('|');
      const into = out.get(k);
      if (!into) out.set(k, { ...row });
      else for (const v of values) into[v] = Number(into[v]) + Number(row[v]);
    }
  }
  return [...out.values()];
}
