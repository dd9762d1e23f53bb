import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import type { MetricsSnapshot, Report } from './metrics.schemas';

/**
 * A period's report in the shape of the published yearly table (SPEC section 2, the seed's
 * 2016 figures): calls, answered on the spot, web + app, dispatched, resolved, on-time rate,
 * satisfaction. Every figure is read from the metrics snapshot, never counted again here.
 */
export function reportRows(s: MetricsSnapshot): Report['rows'] {
  return [
    { key: 'intake.total', label: '受理来电（件）', value: s.intake.total },
    { key: 'intake.answeredOnSpot', label: '当场解答（件）', value: s.intake.answeredOnSpot },
    { key: 'intake.answeredOnSpotRate', label: '当场解答率', value: s.intake.answeredOnSpotRate },
    { key: 'intake.byChannel.web+app', label: '网站和App受理（件）', value: (s.intake.byChannel.web ?? 0) + (s.intake.byChannel.app ?? 0) },
    { key: 'tickets.dispatched', label: '转送工单（件）', value: s.tickets.dispatched },
    { key: 'tickets.resolved', label: '求助投诉办结解决（件）', value: s.tickets.resolved },
    { key: 'sla.onTimeRate', label: '工单按时办结率', value: s.sla.onTimeRate },
    { key: 'survey.satisfactionRate', label: '回访综合满意率', value: s.survey.satisfactionRate },
  ];
}

/** `GET /reports/summary.json`: the rows with the window and filters they are for. */
export const reportOf = (s: MetricsSnapshot): Report => ({ window: s.window, filters: s.filters, rows: reportRows(s) });

export const reportFormats = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof reportFormats)[number];

/** Writes the report as CSV or XLSX (a table of eight rows: small, written at once). */
export async function writeReport(s: MetricsSnapshot, format: 'csv' | 'xlsx', out: Writable): Promise<void> {
  const rows = reportRows(s);
  const period = `${s.window.from}..${s.window.to}`;
  if (format === 'csv') {
    out.end(`\uFEFFperiod,figure,label,value\r\n${rows.map((r) => [period, r.key, r.label, r.value ?? ''].join(',')).join('\r\n')}\r\n`);
    return;
  }
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
  const sheet = workbook.addWorksheet('report');
  sheet.columns = [
    { header: 'period', key: 'period', width: 24 },
    { header: 'figure', key: 'key', width: 26 },
    { header: 'label', key: 'label', width: 26 },
    { header: 'value', key: 'value', width: 14 },
  ];
  for (const r of rows) sheet.addRow({ period, ...r }).commit();
  sheet.commit();
  await workbook.commit();
}
