import { expect } from 'chai';
import { createBatcher } from '../../src/shared/batcher';

/** A writer that records its batches and finishes each one when the test says so. */
function gatedWriter() {
  const batches: number[][] = [];
  const gates: (() => void)[] = [];
  const write = async (items: number[]) => {
    batches.push(items);
    await new Promise<void>((open) => gates.push(open));
    return items.map((n) => (n < 0 ? new Error(`bad ${n}`) : n * 10));
  };
  const openNext = async () => {
    await new Promise((r) => setImmediate(r));
    gates.shift()?.();
    await new Promise((r) => setImmediate(r));
  };
  return { batches, write, openNext };
}

describe('natural batching (shared/batcher)', () => {
  it('when one item comes alone, then it is written at once, alone', async () => {
    const w = gatedWriter();
    const b = createBatcher(w.write, { maxBatch: 10, maxInFlight: 1 });
    const result = b.submit(1);
    await new Promise((r) => setImmediate(r));
    expect(w.batches).to.deep.equal([[1]]);
    await w.openNext();
    expect(await result).to.equal(10);
  });

  it('when items arrive while a batch is being written, then they go together in the next one, in order', async () => {
    const w = gatedWriter();
    const b = createBatcher(w.write, { maxBatch: 10, maxInFlight: 1 });
    const first = b.submit(1);
    await new Promise((r) => setImmediate(r));
    const later = [2, 3, 4].map((n) => b.submit(n));
    await new Promise((r) => setImmediate(r));
    expect(w.batches).to.deep.equal([[1]]);
    await w.openNext();
    expect(w.batches).to.deep.equal([[1], [2, 3, 4]]);
    await w.openNext();
    expect(await first).to.equal(10);
    expect(await Promise.all(later)).to.deep.equal([20, 30, 40]);
  });

  it('when more items wait than a batch holds, then they are split at maxBatch, up to maxInFlight batches at once', async () => {
    const w = gatedWriter();
    const b = createBatcher(w.write, { maxBatch: 3, maxInFlight: 2 });
    const all = [1, 2, 3, 4, 5, 6, 7].map((n) => b.submit(n));
    await new Promise((r) => setImmediate(r));
    expect(w.batches).to.deep.equal([[1, 2, 3], [4, 5, 6]]);
    await w.openNext();
    expect(w.batches).to.deep.equal([[1, 2, 3], [4, 5, 6], [7]]);
    await w.openNext();
    await w.openNext();
    expect(await Promise.all(all)).to.deep.equal([10, 20, 30, 40, 50, 60, 70]);
  });

  it('when the writer answers an Error for one item, then only that item fails', async () => {
    const w = gatedWriter();
    const b = createBatcher(w.write, { maxBatch: 10, maxInFlight: 1 });
    const results = [1, -2, 3].map((n) => b.submit(n).then(String, (e: Error) => e.message));
    await w.openNext();
    expect(await Promise.all(results)).to.deep.equal(['10', 'bad -2', '30']);
  });

  it('when the writer throws, then every item of that batch fails with its error and the next batch still runs', async () => {
    let calls = 0;
    const b = createBatcher(
      async (items: number[]) => {
        if (calls++ === 0) throw new Error('database gone');
        return items;
      },
      { maxBatch: 10, maxInFlight: 1 },
    );
    const failed = [1, 2].map((n) => b.submit(n).then(String, (e: Error) => e.message));
    expect(await Promise.all(failed)).to.deep.equal(['database gone', 'database gone']);
    expect(await b.submit(3)).to.equal(3);
  });
});
