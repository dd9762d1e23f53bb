/** SPEC section 2's table three ways: the 2016 figure (and its pro-rata share), the simulator's truth, the system's metrics. */
import { formatNumber, formatTable, pct } from '../lib/table';
import { figures2016 } from './model';
import type { DayTruth } from './truth';

export interface SystemFigures {
  intake: { total: number; answeredOnSpot: number; byChannel: Record<string, number> };
  tickets: { dispatched: number; resolved: number; returned: number; redispatched: number; transferred110: number };
  sla: { replied: number; repliedOnTime: number; onTimeRate: number | null };
  survey: { answered: number; satisfied: number; basicallySatisfied: number; dissatisfied: number; unreachable: number; satisfactionRate: number | null };
}

export interface ComparedRow {
  figure: string;
  figure2016: string;
  proRata: string;
  truth: string;
  system: string;
  equal: boolean;
}

const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

export function compare(t: DayTruth, s: SystemFigures, fraction: number): ComparedRow[] {
  const n = (v: number) => formatNumber(v);
  const count = (figure: string, f2016: number, truth: number, system: number, of2016 = ''): ComparedRow => ({
    figure,
    figure2016: `${n(f2016)}${of2016}`,
    proRata: n(Math.round(f2016 * fraction)),
    truth: n(truth),
    system: n(system),
    equal: truth === system,
  });
  const rate = (figure: string, f2016: number, tp: number, tw: number, sp: number, sw: number, sr: number | null): ComparedRow => ({
    figure,
    figure2016: pct(f2016) as string,
    proRata: pct(f2016) as string,
    truth: `${pct(share(tp, tw), 2) ?? '—'} (${n(tp)}/${n(tw)})`,
    system: `${pct(sr, 2) ?? '—'} (${n(sp)}/${n(sw)})`,
    equal: tp === sp && tw === sw && share(tp, tw) === sr,
  });
  const web = (s.intake.byChannel.web ?? 0) + (s.intake.byChannel.app ?? 0);
  const satisfiedTruth = t.satisfied + t.basicallySatisfied;
  const satisfiedSystem = s.survey.satisfied + s.survey.basicallySatisfied;
  return [
    count('calls received (intake.total)', figures2016.calls, t.calls, s.intake.total),
    count('answered on the spot (intake.answeredOnSpot)', figures2016.answeredOnSpot, t.answeredOnSpot, s.intake.answeredOnSpot, ' (45%)'),
    count('via website and app (byChannel.web + app)', figures2016.webAndApp, t.webAndApp, web),
    count('dispatched to departments (tickets.dispatched)', figures2016.dispatched, t.dispatched, s.tickets.dispatched),
    count('resolved (tickets.resolved)', figures2016.resolved, t.resolved, s.tickets.resolved),
    rate('on-time closure rate (sla.onTimeRate)', figures2016.onTimeRate, t.repliedOnTime, t.replied, s.sla.repliedOnTime, s.sla.replied, s.sla.onTimeRate),
    rate('callback satisfaction (survey.satisfactionRate)', figures2016.satisfactionRate, satisfiedTruth, t.surveyAnswered, satisfiedSystem, s.survey.answered, s.survey.satisfactionRate),
  ];
}

/** Further figures the simulator knows exactly, compared too (not in SPEC section 2's table). */
export function compareMore(t: DayTruth, s: SystemFigures): ComparedRow[] {
  const row = (figure: string, truth: number, system: number): ComparedRow => ({ figure, figure2016: '', proRata: '', truth: formatNumber(truth), system: formatNumber(system), equal: truth === system });
  return [
    row('tickets.returned', t.returned, s.tickets.returned),
    row('tickets.redispatched', t.redispatched, s.tickets.redispatched),
    row('tickets.transferred110', t.transferred110, s.tickets.transferred110),
    row('survey.dissatisfied', t.dissatisfied, s.survey.dissatisfied),
    row('survey.unreachable', t.unreachable, s.survey.unreachable),
  ];
}

export function renderComparison(rows: ComparedRow[], proRataLabel: string): string {
  return formatTable([
    ['figure', '2016 Shanghai', proRataLabel, "simulator's truth", "system's metrics", 'equal'],
    ...rows.map((r) => [r.figure, r.figure2016, r.proRata, r.truth, r.system, r.equal ? 'yes' : 'NO']),
  ]);
}
