// The eight KPI tiles of the dashboard: each a figure of SPEC section 8 with one line of context.
// Keys are the tiles' `data-kpi` names, which the browser tests read.
import { i18n } from '../../i18n';
import { fmtNumber, fmtPercent } from './format';
import type { MetricsSnapshot } from './metrics';

export type KpiTone = 'plain' | 'good' | 'warn' | 'bad';

export interface KpiTile {
  key: string;
  /** The supervisors' queue (pages/queues/queues.ts) the tile opens, when there is one. */
  queue?: string;
  value: string;
  sub: string;
  tone: KpiTone;
}

const t = (key: string, vars: Record<string, unknown> = {}) => i18n.global.t(key, vars);

export function kpiTiles(m: MetricsSnapshot): KpiTile[] {
  const ch = m.intake.byChannel;
  return [
    { key: 'intake', value: fmtNumber(m.intake.total), sub: t('kpi.intakeSub', { phone: fmtNumber(ch.phone ?? 0), online: fmtNumber((ch.web ?? 0) + (ch.app ?? 0)) }), tone: 'plain' },
    { key: 'answeredOnSpot', value: fmtPercent(m.intake.answeredOnSpotRate), sub: t('kpi.count', { n: fmtNumber(m.intake.answeredOnSpot) }), tone: 'plain' },
    { key: 'dispatched', value: fmtNumber(m.tickets.dispatched), sub: t('kpi.resolvedSub', { n: fmtNumber(m.tickets.resolved) }), tone: 'plain' },
    { key: 'open', value: fmtNumber(m.tickets.open), sub: t('kpi.returnedSub', { n: fmtNumber(m.tickets.returned) }), tone: 'plain' },
    { key: 'onTime', value: fmtPercent(m.sla.onTimeRate), sub: t('kpi.repliedSub', { n: fmtNumber(m.sla.replied) }), tone: 'good' },
    { key: 'satisfaction', value: fmtPercent(m.survey.satisfactionRate), sub: t('kpi.surveyedSub', { n: fmtNumber(m.survey.answered) }), tone: 'good', queue: 'escalated' },
    { key: 'atRisk', value: fmtNumber(m.sla.atRisk), sub: t('kpi.now'), tone: m.sla.atRisk ? 'warn' : 'plain', queue: 'at-risk' },
    { key: 'overdue', value: fmtNumber(m.sla.overdue), sub: t('kpi.now'), tone: m.sla.overdue ? 'bad' : 'plain', queue: 'overdue' },
  ];
}
