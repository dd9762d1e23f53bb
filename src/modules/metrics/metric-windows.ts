// How a window of days is read. Pure: no I/O; the repository turns a plan into one statement.
//
// A window's total is its live rows (shards not sealed yet: few, whatever the window) plus its
// sealed rows. The compaction keeps every month's and every year's rollup row equal to the sum of
// its sealed rows, so the sealed part may be read as a year's rollup minus the sealed days of the
// year outside the window, and so on down to days: exact for any window, and a year reads about one
// row per key instead of 365.

export interface DayRange {
  from: string;
  to: string;
}

/** A signed part of the window's sealed sum: a year's or a month's rollup (by its first day), or sealed daily rows. */
export type SealedTerm = { sign: 1 | -1 } & ({ year: string } | { month: string } | { days: DayRange });

export interface WindowPlan {
  live: DayRange;
  sealed: SealedTerm[];
}

const DAY_MS = 86_400_000;
const toMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const asDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (day: string, n: number) => asDay(toMs(day) + n * DAY_MS);
const length = (r: DayRange) => (toMs(r.to) - toMs(r.from)) / DAY_MS + 1;

function monthOf(day: string): DayRange {
  const next = new Date(toMs(`${day.slice(0, 7)}-01`));
  next.setUTCMonth(next.getUTCMonth() + 1);
  return { from: `${day.slice(0, 7)}-01`, to: asDay(next.getTime() - DAY_MS) };
}

const yearOf = (day: string): DayRange => ({ from: `${day.slice(0, 4)}-01-01`, to: `${day.slice(0, 4)}-12-31` });

/** The parts of `whole` outside `part` (part lies within whole): none, one or two ranges. */
function outside(whole: DayRange, part: DayRange): DayRange[] {
  const out: DayRange[] = [];
  if (part.from > whole.from) out.push({ from: whole.from, to: addDays(part.from, -1) });
  if (part.to < whole.to) out.push({ from: addDays(part.to, 1), to: whole.to });
  return out;
}

/** `range` cut at the boundaries of `periodOf` (months or years). */
function split(range: DayRange, periodOf: (day: string) => DayRange): { period: DayRange; part: DayRange }[] {
  const out: { period: DayRange; part: DayRange }[] = [];
  for (let from = range.from; from <= range.to; ) {
    const period = periodOf(from);
    const part = { from, to: range.to < period.to ? range.to : period.to };
    out.push({ period, part });
    from = addDays(part.to, 1);
  }
  return out;
}

/**
 * A rollup is worth it when the part covers most of its period: reading it costs about one row per
 * key, and the days it takes back (read the same way, a level down) are the smaller share. Days
 * after today hold no rows, so "this month" and "this year" are read from their rollups.
 */
const mostOf = (period: DayRange, part: DayRange) => length(part) * 2 > length(period);

function monthTerms(range: DayRange, sign: 1 | -1): SealedTerm[] {
  return split(range, monthOf).flatMap(({ period, part }): SealedTerm[] =>
    mostOf(period, part) ? [{ sign, month: period.from }, ...outside(period, part).map((days) => ({ sign: -sign as 1 | -1, days }))] : [{ sign, days: part }],
  );
}

function yearTerms(range: DayRange, sign: 1 | -1): SealedTerm[] {
  return split(range, yearOf).flatMap(({ period, part }) =>
    mostOf(period, part) ? [{ sign, year: period.from }, ...outside(period, part).flatMap((r) => monthTerms(r, -sign as 1 | -1))] : monthTerms(part, sign),
  );
}

/** Days `fromDay`..`toDay`, both included (fromDay <= toDay). */
export function planWindow(fromDay: string, toDay: string): WindowPlan {
  const window = { from: fromDay, to: toDay };
  return { live: window, sealed: yearTerms(window, 1) };
}
