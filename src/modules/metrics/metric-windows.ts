// How a window of days is read: whole months from their rollup rows, the rest from the daily rows.
// Pure: no I/O. The repository turns a plan into one statement (see metrics.repository.ts).

export interface DayRange {
  from: string;
  to: string;
}

/**
 * One month read from its rollup: the rollup holds the month's sealed rows, so the live (not yet
 * sealed) rows of the window's days are added and the sealed rows of the month's other days taken
 * away. Exact for any part of a month; cheaper than the daily rows when most of the month is read.
 */
export interface MonthPart {
  month: string;
  live: DayRange;
  sealedOutside: DayRange[];
}

export interface WindowPlan {
  /** Read from the daily rows, every shard. */
  days: DayRange[];
  months: MonthPart[];
}

const DAY_MS = 86_400_000;
const toMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const toDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (day: string, n: number) => toDay(toMs(day) + n * DAY_MS);
const daysIn = (r: DayRange) => (toMs(r.to) - toMs(r.from)) / DAY_MS + 1;

function monthOf(day: string): DayRange {
  const first = `${day.slice(0, 7)}-01`;
  const next = new Date(toMs(first));
  next.setUTCMonth(next.getUTCMonth() + 1);
  return { from: first, to: toDay(next.getTime() - DAY_MS) };
}

/** Days `fromDay`..`toDay` (both included, fromDay <= toDay), split month by month. */
export function planWindow(fromDay: string, toDay: string): WindowPlan {
  const plan: WindowPlan = { days: [], months: [] };
  for (let start = fromDay; start <= toDay; ) {
    const month = monthOf(start);
    const part = { from: start, to: toDay < month.to ? toDay : month.to };
    const outside: DayRange[] = [];
    if (part.from > month.from) outside.push({ from: month.from, to: addDays(part.from, -1) });
    if (part.to < month.to) outside.push({ from: addDays(part.to, 1), to: month.to });
    // The rollup costs a look at the days it takes away: worth it for most of a month. Days after
    // today hold no rows, so "this month" (up to today) is read from its rollup.
    const outsideDays = outside.reduce((n, r) => n + daysIn(r), 0);
    if (outsideDays < daysIn(part)) plan.months.push({ month: month.from, live: part, sealedOutside: outside });
    else plan.days.push(part);
    start = addDays(part.to, 1);
  }
  return plan;
}
