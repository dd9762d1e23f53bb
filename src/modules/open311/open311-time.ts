import { shanghaiWallTime } from '../../shared/shanghai-time';

/** An instant as ISO 8601 in Asia/Shanghai with its offset, e.g. 2026-11-28T14:03:00+08:00 (no DST there). */
export function shanghaiIso(instant: Date): string {
  return shanghaiWallTime(instant) + '+08:00';
}

export const DAY_MS = 86_400_000;
