// The figures on the dashboard (SPEC section 8): read from GET /metrics for the chosen window and
// replaced by the `metrics` push while that push is for the same window. The server owns every
// formula; this file only decides which snapshot is the current one.
import { ref, type Ref } from 'vue';
import { api } from '../../api/client';
import { errorText } from '../../forms';
import { batched } from './format';

export const windows = ['today', 'month', 'year'] as const;
export type MetricsWindow = (typeof windows)[number];

/** The part of a snapshot shared by the whole and by each department's league row. */
export interface Figures {
  intake: { total: number; byChannel: Record<string, number>; byLine: Record<string, number>; byHour: number[]; answeredOnSpot: number; answeredOnSpotRate: number | null };
  tickets: { dispatched: number; open: number; byStatus: Record<string, number>; resolved: number; returned: number; redispatched: number; merged: number; transferred110: number };
  sla: { replied: number; onTimeRate: number | null; acceptOnTimeRate: number | null; atRisk: number; overdue: number };
  survey: { surveyed: number; answered: number; satisfactionRate: number | null; resolvedRate: number | null };
}

/** Routing's own figures (issue 17): the centre's, absent (null) when the figures are narrowed to a department. */
export interface RoutingFigures {
  autoRouted: number;
  leftToDispatchers: number;
  autoRoutingRate: number | null;
  redispatched: number;
  misrouteRate: number | null;
}

export interface LeagueRow extends Figures {
  department: { id: number; code: string; name: string };
}

/** How the server ranks the league table: by each key in turn, then by department code. */
export interface LeagueRanking {
  keys: { figure: string; order: 'desc' | 'asc'; numerator: string[]; denominator: string[] }[];
  unratedLast: boolean;
  tieBreak: string;
}

export interface MetricsSnapshot extends Figures {
  window: { from: string; to: string; timeZone: string };
  filters: Record<string, unknown> | null;
  generatedAt: string;
  departments: LeagueRow[];
  ranking: LeagueRanking;
  routing: RoutingFigures | null;
}

export const unfiltered = (s: Partial<MetricsSnapshot>) => !s.filters || Object.values(s.filters).every((v) => v === null || v === undefined);

/** A push is ours when it covers the window on screen and neither it nor the screen is narrowed to a department, line or channel. */
export function pushFits(push: Partial<MetricsSnapshot> | null | undefined, shown: MetricsSnapshot | null): push is MetricsSnapshot {
  if (!push?.intake || !push.window || !shown) return false;
  return unfiltered(push) && unfiltered(shown) && push.window.from === shown.window.from && push.window.to === shown.window.to;
}

/** What the figures are narrowed to: a custom range of days (instead of the window), a department (with its sub-units), a line, a channel. */
export interface MetricsNarrowing {
  range?: [string, string] | null;
  departmentId?: number;
  line?: string;
  channel?: string;
}

/** The query of GET /metrics (and of the period report) for a window and a narrowing. */
export function metricsQuery(window: MetricsWindow, narrow: MetricsNarrowing): Record<string, string | number | undefined> {
  return {
    ...(narrow.range ? { from: narrow.range[0], to: narrow.range[1] } : { window }),
    departmentId: narrow.departmentId,
    line: narrow.line || undefined,
    channel: narrow.channel || undefined,
  };
}

export function useMetrics(window: Ref<MetricsWindow>, narrow: Ref<MetricsNarrowing>) {
  const metrics = ref<MetricsSnapshot | null>(null);
  const error = ref('');
  /** When the server last pushed figures: while it pushes, a ticket change needs no read of ours. */
  let lastPush = 0;
  // A slow answer for the window left behind must not overwrite the one chosen since.
  let asked = 0;

  async function read(): Promise<void> {
    const mine = ++asked;
    try {
      const snapshot = await api<MetricsSnapshot>('/metrics', { query: metricsQuery(window.value, narrow.value) });
      if (mine !== asked) return;
      metrics.value = snapshot;
      error.value = '';
    } catch (err) {
      if (mine === asked) error.value = errorText(err);
    }
  }
  const readSoon = batched(() => void read(), 1000);

  /** The `metrics` push: today's figures for everyone. Another window is read again instead. */
  function onPush(push: MetricsSnapshot): void {
    lastPush = Date.now();
    if (pushFits(push, metrics.value)) {
      metrics.value = push;
      error.value = '';
    } else readSoon();
  }

  /** A ticket moved: if the server has not pushed figures lately, read them ourselves. */
  function onTicketChange(): void {
    if (Date.now() - lastPush > 10_000) readSoon();
  }

  return { metrics, error, read, readSoon, onPush, onTicketChange };
}
