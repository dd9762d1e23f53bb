import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { CategoryCatalog } from '../categories';
import type { DepartmentDirectory } from '../departments';
import type { TicketListFilter, TicketListRepository } from './ticket-list.repository';
import { shanghaiWallTime } from '../../shared/shanghai-time';
import { citizenClock, type SlaFlagSource } from './ticket-view';
import type { TicketRow } from './tickets.repository';

export const exportFormats = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export interface ExportContext {
  directory: DepartmentDirectory;
  catalog: CategoryCatalog;
  sla: SlaFlagSource;
  now: Date;
}

/** Times as the hotline reads them: Asia/Shanghai, to the second. */
const shanghai = (d: Date | null) => (d ? shanghaiWallTime(d).replace('T', ' ') : '');
const yesNo = (b: boolean | null) => (b === null ? '' : b ? 'yes' : 'no');

/**
 * The columns of an export: what a supervisor's spreadsheet needs, and nothing personal (no name,
 * no phone: an export leaves the system, and the phone is only ever revealed one at a time, logged).
 */
const columns: { header: string; width: number; value: (t: TicketRow, ctx: ExportContext) => string | number }[] = [
  { header: 'ticketNo', width: 18, value: (t) => t.ticket_no },
  { header: 'createdAt', width: 20, value: (t) => shanghai(t.created_at) },
  { header: 'line', width: 7, value: (t) => t.line },
  { header: 'channel', width: 9, value: (t) => t.channel },
  { header: 'type', width: 11, value: (t) => t.type },
  { header: 'urgency', width: 9, value: (t) => t.urgency },
  { header: 'status', width: 16, value: (t) => t.status },
  { header: 'categoryCode', width: 16, value: (t, c) => (t.category_id === null ? '' : (c.catalog.get(t.category_id)?.code ?? '')) },
  { header: 'district', width: 12, value: (t, c) => (t.district_id === null ? '' : (c.directory.get(t.district_id)?.name ?? '')) },
  { header: 'department', width: 24, value: (t, c) => (t.department_id === null ? '' : (c.directory.get(t.department_id)?.name ?? '')) },
  { header: 'title', width: 24, value: (t) => t.title ?? '' },
  { header: 'description', width: 48, value: (t) => t.description },
  { header: 'emergency', width: 12, value: (t) => t.emergency_kind ?? '' },
  { header: 'dispatchedAt', width: 20, value: (t) => shanghai(t.dispatched_at) },
  { header: 'acceptDueAt', width: 20, value: (t) => shanghai(t.accept_due_at) },
  { header: 'acceptedAt', width: 20, value: (t) => shanghai(t.accepted_at) },
  { header: 'acceptedOnTime', width: 8, value: (t) => yesNo(t.accepted_on_time) },
  { header: 'replyDueAt', width: 20, value: (t) => shanghai(t.reply_due_at) },
  { header: 'repliedAt', width: 20, value: (t) => shanghai(t.replied_at) },
  { header: 'repliedOnTime', width: 8, value: (t) => yesNo(t.replied_on_time) },
  { header: 'replyOutcome', width: 12, value: (t) => t.reply_outcome ?? '' },
  { header: 'citizenDueAt', width: 20, value: (t) => shanghai(t.citizen_due_at) },
  { header: 'citizenOnTime', width: 8, value: (t, c) => yesNo(citizenClock(t, c.now).citizenOnTime) },
  { header: 'atRisk', width: 8, value: (t, c) => yesNo(c.sla.flags(t, c.now).atRisk) },
  { header: 'overdue', width: 8, value: (t, c) => yesNo(c.sla.flags(t, c.now).overdue) },
  { header: 'closedAt', width: 20, value: (t) => shanghai(t.closed_at) },
];

/** RFC 4180: quoted when needed; a leading = + - @ is defused so that a spreadsheet never runs a citizen's text as a formula. */
function csvField(value: string | number): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/** Writes the export to `out` as it reads it; returns how many tickets it wrote. */
export async function writeTicketExport(list: Pick<TicketListRepository, 'each'>, filter: Omit<TicketListFilter, 'limit' | 'after'>, format: ExportFormat, ctx: ExportContext, out: Writable): Promise<number> {
  let n = 0;
  if (format === 'csv') {
    // The byte order mark makes Excel read the file as UTF-8 (Chinese text).
    await write(out, `\uFEFF${columns.map((c) => c.header).join(',')}\r\n`);
    for await (const t of list.each(filter)) {
      await write(out, `${columns.map((c) => csvField(c.value(t, ctx))).join(',')}\r\n`);
      n++;
    }
    out.end();
    return n;
  }
  // The streaming writer: each committed row goes out through the zip stream and is not kept.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet('tickets');
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.header, width: c.width }));
  for await (const t of list.each(filter)) {
    sheet.addRow(columns.map((c) => c.value(t, ctx))).commit();
    n++;
  }
  sheet.commit();
  await workbook.commit();
  return n;
}
