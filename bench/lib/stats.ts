/** Nearest-rank percentile of unsorted samples (ms); null without samples. */
export function percentile(samples: readonly number[], p: number): number | null {
  if (!samples.length) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

export interface LatencySummary {
  n: number;
  meanMs: number | null;
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

export function summarise(samples: readonly number[]): LatencySummary {
  const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
  return {
    n: samples.length,
    meanMs: round(samples.length ? samples.reduce((a, b) => a + b, 0) / samples.length : null),
    p50Ms: round(percentile(samples, 0.5)),
    p90Ms: round(percentile(samples, 0.9)),
    p99Ms: round(percentile(samples, 0.99)),
    maxMs: round(samples.length ? Math.max(...samples) : null),
  };
}

/** A small deterministic generator (mulberry32), so that a run can be replayed with its seed. */
export function seededRandom(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const weighted = <T>(options: readonly (readonly [number, T])[]): T => {
    let r = next() * options.reduce((a, [w]) => a + w, 0);
    for (const [w, v] of options) if ((r -= w) < 0) return v;
    return options[options.length - 1][1];
  };
  /** Log-normal around `median` with spread `sigma` (natural log units). */
  const logNormal = (median: number, sigma: number) => {
    const u = Math.max(next(), 1e-12);
    const v = next();
    return median * Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  };
  /** Poisson-distributed count with mean `lambda` (Knuth for small means, normal beyond). */
  const poisson = (lambda: number) => {
    if (lambda <= 0) return 0;
    if (lambda > 50) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * Math.sqrt(-2 * Math.log(Math.max(next(), 1e-12))) * Math.cos(2 * Math.PI * next())));
    const limit = Math.exp(-lambda);
    let k = 0;
    for (let p = next(); p > limit; p *= next()) k++;
    return k;
  };
  return { next, int, pick, weighted, logNormal, poisson };
}

export type Random = ReturnType<typeof seededRandom>;
