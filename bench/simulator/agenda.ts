/** What is due when: a binary heap of actions ordered by tick, then by insertion. */
export interface Entry {
  at: number;
  seq: number;
  kind: 'create' | 'act';
  run: () => Promise<void>;
}

export class Agenda {
  private heap: Entry[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  peek(): Entry | undefined {
    return this.heap[0];
  }

  add(at: number, kind: Entry['kind'], run: () => Promise<void>): void {
    const e = { at, seq: this.seq++, kind, run };
    const h = this.heap;
    h.push(e);
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  /** Every entry due at exactly `at` (the head's tick). */
  takeAll(at: number): Entry[] {
    const out: Entry[] = [];
    while (this.heap.length && this.heap[0].at === at) out.push(this.pop() as Entry);
    return out;
  }

  private pop(): Entry | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (r < h.length && this.less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }

  private less(a: Entry, b: Entry): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }
}
