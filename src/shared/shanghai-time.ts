// Asia/Shanghai wall-clock time. Ticket numbers, working days, metric days and hours, calling hours
// and Open311 times are all read in Shanghai; this is the one place that knows how.

// Shanghai has been UTC+8 without DST since 1991, so a fixed offset is exact for every date we handle.
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Milliseconds of UTC midnight for a 'YYYY-MM-DD' string; RangeError when malformed or nonexistent (2017-02-30). */
export function parseDate(date: string): number {
  const m = DATE_RE.exec(date);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`invalid date '${date}', expected YYYY-MM-DD`);
  }
  return ms;
}

export function assertValidInstant(instant: Date, name: string): void {
  if (Number.isNaN(instant.getTime())) throw new RangeError(`${name} is an invalid Date`);
}

/** The Shanghai wall clock of a UTC instant as 'YYYY-MM-DDTHH:mm:ss' (no zone). */
export function shanghaiWallTime(instant: Date): string {
  assertValidInstant(instant, 'instant');
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19);
}

/** The Asia/Shanghai calendar date ('YYYY-MM-DD') of a UTC instant. */
export function shanghaiDate(instant: Date): string {
  return shanghaiWallTime(instant).slice(0, 10);
}

/** The Asia/Shanghai hour of the day (0–23) of a UTC instant. */
export function shanghaiHour(instant: Date): number {
  return Number(shanghaiWallTime(instant).slice(11, 13));
}

/** The UTC instant of the Asia/Shanghai wall-clock time hh:mm on dateStr. */
export function shanghaiTime(dateStr: string, hh: number, mm: number): Date {
  if (!Number.isInteger(hh) || hh < 0 || hh > 23 || !Number.isInteger(mm) || mm < 0 || mm > 59) {
    throw new RangeError(`invalid clock time ${hh}:${mm}`);
  }
  return new Date(parseDate(dateStr) + (hh * 60 + mm) * 60_000 - SHANGHAI_OFFSET_MS);
}
