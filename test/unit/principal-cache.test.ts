import { expect } from 'chai';
import { createPrincipalCache } from '../../src/modules/auth/principal-cache';

describe('principal cache (auth)', () => {
  it('when a principal is remembered, then it is given back until its time is up, then forgotten', async () => {
    const cache = createPrincipalCache<string>({ ttlMs: 30, maxEntries: 10 });
    cache.set('h1', 'alice');
    expect(cache.get('h1')).to.equal('alice');
    await new Promise((r) => setTimeout(r, 40));
    expect(cache.get('h1')).to.equal(undefined);
  });

  it('when a token is forgotten (a logout here), then it is not given back', () => {
    const cache = createPrincipalCache<string>({ ttlMs: 60_000, maxEntries: 10 });
    cache.set('h1', 'alice');
    cache.forget('h1');
    expect(cache.get('h1')).to.equal(undefined);
  });

  it('when it is full, then the oldest entry makes room', () => {
    const cache = createPrincipalCache<string>({ ttlMs: 60_000, maxEntries: 2 });
    cache.set('a', '1');
    cache.set('b', '2');
    cache.set('c', '3');
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).to.deep.equal([undefined, '2', '3']);
  });
});
