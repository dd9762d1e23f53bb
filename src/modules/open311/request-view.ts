import type { CategoryCatalog } from '../categories';
import type { DepartmentDirectory } from '../departments';
import type { TicketRow, TicketStatus } from '../tickets';
import { shanghaiIso } from './open311-time';
import { splitDescription } from './request-extras';

export type Open311Status = 'open' | 'closed';

/**
 * Open311 knows two states. Closed: the matter needs nothing more from the hotline (closed after the
 * survey, answered during the call, cancelled, handed to 110, merged into another ticket). A replied
 * ticket stays open until the citizen's callback survey closes it: it may still be reopened.
 */
const open311StatusOf: Record<TicketStatus, Open311Status> = {
  answered: 'closed',
  pending_dispatch: 'open',
  dispatched: 'open',
  accepted: 'open',
  returned: 'open',
  replied: 'open',
  closed: 'closed',
  merged: 'closed',
  transferred_110: 'closed',
  cancelled: 'closed',
};

export function ticketStatusesFor(status: Open311Status): TicketStatus[] {
  return (Object.keys(open311StatusOf) as TicketStatus[]).filter((s) => open311StatusOf[s] === status);
}

const statusText: Record<TicketStatus, string> = {
  answered: '已当场解答',
  pending_dispatch: '已受理，等待派单',
  dispatched: '已派至承办部门，等待签收',
  accepted: '承办部门已签收，正在办理',
  returned: '承办部门退单，正在重新派单',
  replied: '承办部门已答复，等待回访',
  closed: '已办结',
  merged: '已与同一事项合并办理',
  transferred_110: '已移交110处理',
  cancelled: '已撤销',
};

export interface ViewDeps {
  catalog: CategoryCatalog;
  directory: DepartmentDirectory;
}

/**
 * Where, for a keyless public feed: the street, never the house, flat or room (the address up to
 * its first number, "徐汇区漕溪北路88号" → "徐汇区漕溪北路"), else the subdistrict or district.
 */
export function streetLevel(t: Pick<TicketRow, 'address' | 'street'>, districtName: string | null): string | null {
  const road = t.address?.replace(/[\d０-９一二三四五六七八九十百]+\s*(号|弄|幢|栋|楼|室|单元|$).*$/u, '').replace(/[\d０-９].*$/u, '').trim();
  return road || t.street || districtName;
}

/** A coordinate to 3 decimals (about 100 m): the neighbourhood, not the door. */
export const roundedCoordinate = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);

const shanghaiMinute = (d: Date) => shanghaiIso(d).slice(0, 16).replace('T', ' ');

/** One ticket as a GeoReport v2 service request (GET requests, GET requests/{id}). */
export function requestView(t: TicketRow, deps: ViewDeps) {
  const category = t.category_id === null ? undefined : deps.catalog.get(t.category_id);
  const department = t.department_id === null ? undefined : deps.directory.get(t.department_id);
  const district = t.district_id === null ? undefined : deps.directory.get(t.district_id);
  const { text, mediaUrl, addressId } = splitDescription(t.description);
  const replied = (t.status === 'replied' || t.status === 'closed') && t.reply_result;
  return {
    service_request_id: t.ticket_no,
    status: open311StatusOf[t.status],
    status_notes: replied ? t.reply_result : t.status === 'answered' && t.answer ? t.answer : statusText[t.status],
    service_name: category?.name ?? null,
    service_code: category?.code ?? null,
    description: text,
    agency_responsible: department?.name ?? '',
    service_notice: t.reply_due_at && open311StatusOf[t.status] === 'open' ? `承办部门应于 ${shanghaiMinute(t.reply_due_at)} 前答复` : null,
    requested_datetime: shanghaiIso(t.created_at),
    updated_datetime: shanghaiIso(t.updated_at),
    expected_datetime: t.reply_due_at ? shanghaiIso(t.reply_due_at) : null,
    address: streetLevel(t, district?.name ?? null),
    address_id: addressId,
    zipcode: null,
    lat: roundedCoordinate(t.lat),
    long: roundedCoordinate(t.lng),
    media_url: mediaUrl,
  };
}

export type RequestView = ReturnType<typeof requestView>;
