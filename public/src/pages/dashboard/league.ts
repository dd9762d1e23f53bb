// The department league table's rows as shown: the server ranks them (best on-time rate first, then
// satisfaction); the page numbers them, names each department in the reader's language and formats.
import type { DepartmentIndex } from '../../api/reference';
import { nameOf } from '../../i18n';
import { fmtNumber, fmtPercent } from './format';
import type { LeagueRow } from './metrics';

export interface LeagueLine {
  rank: number;
  id: number;
  code: string;
  department: string;
  dispatched: string;
  open: string;
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
