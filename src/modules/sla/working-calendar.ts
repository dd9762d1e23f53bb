// Working-day calendar and SLA arithmetic (SPEC §6). Pure logic: no I/O, no clock reads.
import { getDayDetail } from 'chinese-days';
import { assertValidInstant, parseDate, shanghaiDate, SHANGHAI_OFFSET_MS } from '../../shared/shanghai-time';

const DAY_MS = 86_400_000;
// A ticket received on a day off is due at the close of business of its last counted working day.
const DAY_OFF_DUE_HOUR = 17;
const DAY_OFF_DUE_MINUTE = 30;

function formatDate(utcMidnightMs: number): string {
  return new Date(utcMidnightMs).toISOString().slice(0, 10);
}

const WEEKDAY_NAMES = new Set(['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']);

/**
 * The package's answer for a date listed in its holiday / make-up tables, or undefined for an
 * ordinary day. We deliberately ignore its answer for ordinary days: chinese-days 1.5.7 works out
 * the weekday with the host's local time zone, so on a host west of UTC (e.g. a laptop in
 * America/Los_Angeles) it calls Saturday a working day and Monday a day off. Its table look-ups
 * stay consistent in any zone, so we take those and compute weekends ourselves from the string.
 */
function packageListing(date: string): boolean | undefined {
  const detail = getDayDetail(date);
  return WEEKDAY_NAMES.has(detail.name) ? undefined : detail.work;
}

const yearCoverage = new Map<number, boolean>();
/**
 * Whether chinese-days has published data for a year. New Year's Day is a statutory holiday every
 * year, so it is listed for exactly the years the package knows (2004..2026 in 1.5.7); probing it
 * instead of hard-coding the range keeps this right when the package is upgraded.
 */
function packageCoversYear(year: number): boolean {
  let covered = yearCoverage.get(year);
  if (covered === undefined) {
    covered = year >= 1000 && year <= 9999 && packageListing(`${year}-01-01`) !== undefined;
    yearCoverage.set(year, covered);
  }
  return covered;
}

/** Dates whose answer a calendar keeps (27 years): beyond it, it starts over rather than grow. */
const MAX_REMEMBERED_DATES = 10_000;

export class WorkingCalendar {
  private readonly overrides: ReadonlyMap<string, boolean>;
  /**
   * Answers already worked out, by date: due times ask about the same few weeks over and over (a
   * routing batch for each of its tickets), and working one out parses the date and asks the package.
   * Safe to keep: a calendar's overrides never change (a changed one is a new calendar).
   */
  private readonly answers = new Map<string, boolean>();

  /** overrides: 'YYYY-MM-DD' → true (working day) / false (day off), set by admins; they win over the package. */
  constructor(overrides: ReadonlyMap<string, boolean> = new Map()) {
    // Fail fast on a typo such as '2027-1-4', which would otherwise be silently ignored.
    for (const date of overrides.keys()) parseDate(date);
    this.overrides = new Map(overrides);
  }

  isWorkingDay(date: string): boolean {
    const known = this.answers.get(date);
    if (known !== undefined) return known;
    const answer = this.workOut(date);
    if (this.answers.size >= MAX_REMEMBERED_DATES) this.answers.clear();
    this.answers.set(date, answer);
    return answer;
  }

  private workOut(date: string): boolean {
    const ms = parseDate(date);
    const override = this.overrides.get(date);
    if (override !== undefined) return override;
    if (packageCoversYear(Number(date.slice(0, 4)))) {
      const listed = packageListing(date);
      if (listed !== undefined) return listed;
    }
    // Ordinary day of a known year, or any day of a year with no published data: Monday–Friday.
    const weekday = new Date(ms).getUTCDay();
    return weekday >= 1 && weekday <= 5;
  }

  /**
   * "N working days after T ends at the same clock time on the N-th working day after T's date
   * (or 17:30 of it when T fell on a day off)" — SPEC §6. T's own date never counts.
   */
  addWorkingDays(from: Date, days: number): Date {
    assertValidInstant(from, 'from');
    if (!Number.isInteger(days) || days <= 0) {
      throw new RangeError(`days must be a positive integer, got ${days}`);
    }
    const startDate = shanghaiDate(from);
    let dayMs = parseDate(startDate);
    for (let counted = 0; counted < days; ) {
      dayMs += DAY_MS;
      if (this.isWorkingDay(formatDate(dayMs))) counted++;
    }
    const clockMs = this.isWorkingDay(startDate)
      ? (from.getTime() + SHANGHAI_OFFSET_MS) % DAY_MS // keeps seconds and milliseconds too
      : (DAY_OFF_DUE_HOUR * 60 + DAY_OFF_DUE_MINUTE) * 60_000;
    return new Date(dayMs + clockMs - SHANGHAI_OFFSET_MS);
  }
}

export type DurationUnit = 'minutes' | 'hours' | 'working_days';

export interface SlaDuration {
  amount: number;
  unit: DurationUnit;
}

/** Due moment of a clock started at `from`. Minutes and hours run round the clock, holidays included. */
export function addDuration(calendar: WorkingCalendar, from: Date, d: SlaDuration): Date {
  assertValidInstant(from, 'from');
  if (d.unit === 'working_days') return calendar.addWorkingDays(from, d.amount);
  if (!Number.isFinite(d.amount) || d.amount <= 0) {
    throw new RangeError(`duration amount must be positive, got ${d.amount}`);
  }
  const unitMs = d.unit === 'hours' ? 3_600_000 : 60_000;
  return new Date(from.getTime() + Math.round(d.amount * unitMs));
}
