/**
 * Who a token or API key stands for, remembered for a few seconds: every request is authenticated,
 * and without this a busy console asks the database the same question several times a second (at
 * intake it was most of a call's round trips). The price is bounded and stated: a token logged out
 * through another web process, or an expired one, keeps working there for at most `ttlMs`; a logout
 * through this process forgets it at once. Unknown credentials are never remembered. The time is
 * the machine's (performance.now), not the domain clock: this is about load, not about dates.
 */
export function createPrincipalCache<P>(opts: { ttlMs: number; maxEntries: number }) {
  const entries = new Map<string, { principal: P; until: number }>();
  return {
    get(hash: string): P | undefined {
      const hit = entries.get(hash);
      if (!hit) return undefined;
      if (hit.until > performance.now()) return hit.principal;
      entries.delete(hash);
      return undefined;
    },
    set(hash: string, principal: P): void {
      // Map keeps insertion order: the first key is the oldest entry.
      if (entries.size >= opts.maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(hash, { principal, until: performance.now() + opts.ttlMs });
    },
    forget(hash: string): void {
      entries.delete(hash);
    },
  };
}
