// The department league table's rows as shown: the server ranks them and says how (`ranking`); the
// page numbers them, names each department in the reader's language, formats, and puts the server's
// ranking into words.
import type { DepartmentIndex } from '../../api/reference';
import { i18n, nameOf } from '../../i18n';
import { fmtNumber, fmtPercent } from './format';
import type { LeagueRanking, LeagueRow } from './metrics';

export interface LeagueLine {
  rank: number;
  id: number;
  code: string;
  department: string;
  dispatched: string;
  open: string;
  redispatched: string;
  overdue: string;
  hasOverdue: boolean;
  onTime: string;
  satisfaction: string;
}

export function leagueLines(rows: LeagueRow[], departments: DepartmentIndex): LeagueLine[] {
  return rows.map((r, i) => ({
    rank: i + 1,
    id: r.department.id,
    code: r.department.code,
    department: nameOf(departments.byCode.get(r.department.code) ?? r.department),
    dispatched: fmtNumber(r.tickets.dispatched),
    open: fmtNumber(r.tickets.open),
    redispatched: fmtNumber(r.tickets.redispatched),
    overdue: fmtNumber(r.sla.overdue),
    hasOverdue: r.sla.overdue > 0,
    onTime: fmtPercent(r.sla.onTimeRate),
    satisfaction: fmtPercent(r.survey.satisfactionRate),
  }));
}

/** One page of a list the page holds whole (1-based page number). */
export function pageOf<T>(items: T[], page: number, size: number): T[] {
  return items.slice((page - 1) * size, page * size);
}

const t = (key: string, values: Record<string, unknown> = {}) => i18n.global.t(key, values);
/** A figure's name by its path (`sla.onTimeRate`); the words are nested the same way. */
const figureName = (path: string) => t(`league.figure.${path}`);
const sumOf = (paths: string[]) => paths.map(figureName).join(' + ');

/** The server's ranking in words: each key with its formula, in order, then the tie-break. */
export function rankingText(r: LeagueRanking): string {
  const keys = r.keys.map((k) => {
    const over = k.numerator.length > 1 ? `(${sumOf(k.numerator)})` : sumOf(k.numerator);
    return t('league.rankKey', { figure: figureName(k.figure), formula: `${over} ÷ ${sumOf(k.denominator)}`, order: t(`league.order.${k.order}`) });
  });
  return t('league.ranking', { keys: keys.join(t('league.nextKey')) });
}
