/**
 * Who a token or API key stands for, remembered for a few seconds: every request is authenticated,
 * and without this a busy console asks the database the same question several times a second (at
 * intake it was most of a call's round trips). A revocation (logout, deactivation, a revoked key)
 * is announced on the change bus and forgotten in every process at once; `ttlMs` only bounds what
 * a missed notice (Redis down) can cost. Unknown credentials are never remembered. The time is
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
    /** `validForMs`: how long the credential itself stays valid, when that is less than `ttlMs`. */
    set(hash: string, principal: P, validForMs = Infinity): void {
      // Map keeps insertion order: the first key is the oldest entry.
      if (entries.size >= opts.maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(hash, { principal, until: performance.now() + Math.min(opts.ttlMs, validForMs) });
    },
    forget(hash: string): void {
      entries.delete(hash);
    },
    /** Forgets every entry whose hash or principal matches, e.g. all the tokens of a deactivated user. */
    forgetWhere(match: (hash: string, principal: P) => boolean): void {
      for (const [hash, entry] of entries) if (match(hash, entry.principal)) entries.delete(hash);
    },
  };
}
