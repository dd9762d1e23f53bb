import { expect } from 'chai';
import { SealedSumsCache, addUp } from '../../src/modules/metrics/sealed-sums-cache';

describe('a process\'s kept sealed sums (metrics reads, docs/PERFORMANCE.md section 5)', () => {
  it('when more windows are read than it keeps, then the least recently read one is let go, not the one read a moment ago', () => {
    const cache = new SealedSumsCache(2);
    cache.set('today', { generation: 1, rows: [] });
    cache.set('month', { generation: 1, rows: [] });
    expect(cache.get('today')?.generation).to.equal(1); // today is now the most recently read
    cache.set('year', { generation: 1, rows: [] });
    expect(cache.get('month')).to.equal(undefined);
    expect(cache.get('today')).to.not.equal(undefined);
    expect(cache.get('year')).to.not.equal(undefined);
  });

  it('when sealed sums and live rows share a key, then their values are added up and their keys kept, whatever their order', () => {
    const sealed = [{ department_id: 7, kind: 'reply', bucket: 40, n: 5 }, { department_id: 8, kind: 'reply', bucket: 40, n: 2 }];
    const live = [{ department_id: 7, kind: 'reply', bucket: 40, n: -1 }, { department_id: 7, kind: 'accept', bucket: 3, n: 1 }];
    expect(addUp(['department_id', 'kind', 'bucket'], ['n'], sealed, live)).to.deep.equal([
      { department_id: 7, kind: 'reply', bucket: 40, n: 4 },
      { department_id: 8, kind: 'reply', bucket: 40, n: 2 },
      { department_id: 7, kind: 'accept', bucket: 3, n: 1 },
    ]);
    expect(sealed[0].n, 'the kept rows are not changed by adding to them').to.equal(5);
  });
});
