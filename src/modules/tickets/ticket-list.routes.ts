import { ticketPageSchema } from './ticket-view.schemas';
import type { ApiRouter } from '../../http/api-router';
import type { Clock } from '../../shared/clock';
import { anyStaff, type Principal } from '../../shared/principal';
import type { CategoryCatalog } from '../categories';
import type { DepartmentDirectory } from '../departments';
import type { TicketListFilter, TicketListRepository } from './ticket-list.repository';
import { ValidationError } from '../../shared/errors';
import { exportFormats, writeTicketExport } from './ticket-export';
import { encodeCursor, ticketListQuerySchema, type TicketListQuery } from './ticket-list.schemas';
import { readScope } from './ticket-policy';
import { ticketView, type SlaFlagSource } from './ticket-view';
import type { PhoneKey } from './phone-key';

export interface TicketListRoutesDeps {
  list: TicketListRepository;
  directory: DepartmentDirectory;
  catalog: CategoryCatalog;
  sla: SlaFlagSource;
  clock: Clock;
  phoneKey: PhoneKey;
}

type Scope = Pick<TicketListFilter, 'departmentIds' | 'createdByApiKeyId'>;

/**
 * What the caller may see (the ticket policy's readScope) narrowed by a departmentId filter, which
 * means that department and its sub-units, intersected with what the caller may see.
 */
export function listScope(principal: Principal, directory: DepartmentDirectory, departmentId?: number): Scope {
  const scope = readScope(principal, directory);
  if (departmentId === undefined) return scope;
  const wanted = directory.subtreeIds(departmentId);
  return { ...scope, departmentIds: scope.departmentIds ? wanted.filter((id) => scope.departmentIds?.includes(id)) : wanted };
}

/** A parsed list query as the repository's filter, within what the caller may see (also the exports'). */
export function listFilter(
  principal: Principal,
  query: TicketListQuery,
  deps: Pick<TicketListRoutesDeps, 'directory' | 'catalog' | 'phoneKey'>,
  now: Date,
): Omit<TicketListFilter, 'limit'> {
  return {
    ...listScope(principal, deps.directory, query.departmentId),
    statuses: query.status,
    lines: query.line,
    channels: query.channel,
    types: query.type,
    urgencies: query.urgency,
    categoryIds: query.categoryCode === undefined ? undefined : deps.catalog.subtreeIds(query.categoryCode),
    districtId: query.districtCode === undefined ? undefined : deps.directory.district(query.districtCode)?.id,
    overdue: query.overdue,
    atRisk: query.atRisk,
    clock: query.clock,
    emergency: query.emergency,
    pendingExtension: query.pendingExtension,
    reopened: query.reopened,
    escalated: query.escalated,
    deliveryFailed: query.deliveryFailed,
    withdrawRequested: query.withdrawRequested,
    now,
    q: query.q,
    phoneHash: query.phone === undefined ? undefined : deps.phoneKey(query.phone),
    open: query.open,
    from: query.from,
    to: query.to,
  };
}

export function registerTicketListRoutes(router: ApiRouter, deps: TicketListRoutesDeps): void {
  const { directory } = deps;
  const querySchema = ticketListQuerySchema((id) => directory.get(id) !== undefined, {
    category: (code) => deps.catalog.getByCode(code) !== undefined,
    district: (code) => directory.district(code) !== undefined,
  });

  router.add({
    method: 'get',
    path: '/tickets',
    access: { roles: anyStaff, partners: true },
    summary:
      'Tickets the caller may see, newest first, by due time or in pool order (sort): filters phone, open, status, departmentId, line, channel, type, urgency, categoryCode, districtCode, clock, atRisk, overdue, emergency, pendingExtension, reopened, escalated, deliveryFailed, withdrawRequested, q, from, to; cursor pages; total counts every match (up to 10,000, then totalCapped)',
    schemas: { query: querySchema },
    response: ticketPageSchema,
    handle: async ({ res, principal, query }) => {
      const now = deps.clock.now();
      const page = await deps.list.page({ ...listFilter(principal, query, deps, now), sort: query.sort, after: query.cursor, limit: query.limit });
      const ctx = { directory, catalog: deps.catalog, sla: deps.sla, now, principal };
      res.json({
        tickets: page.rows.map((row) => ticketView(row, ctx)),
        total: page.total,
        totalCapped: page.totalCapped,
        nextCursor: page.next ? encodeCursor(page.next) : null,
      });
    },
  });

  // The list as a file: the same filters and scope, every matching ticket (no page), streamed.
  for (const format of exportFormats) {
    router.add({
      method: 'get',
      path: `/exports/tickets.${format}`,
      access: { roles: anyStaff },
      summary: `Every ticket GET /tickets would list with these filters, as ${format.toUpperCase()}, streamed (no name or phone)`,
      schemas: { query: querySchema },
      handle: async ({ req, res, principal, query }) => {
        // Asked of what was sent: limit has a default once parsed.
        const paging = (['limit', 'cursor'] as const).filter((k) => (req.query as Record<string, unknown>)[k] !== undefined);
        if (paging.length) throw new ValidationError('Invalid query', paging.map((field) => ({ field, message: 'an export has every matching ticket: no pages' })));
        const now = deps.clock.now();
        const stamp = now.toISOString().slice(0, 10);
        res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        res.setHeader('Content-Disposition', `attachment; filename="tickets-${stamp}.${format}"`);
        await writeTicketExport(deps.list, { ...listFilter(principal, query, deps, now), sort: query.sort }, format, { directory, catalog: deps.catalog, sla: deps.sla, now }, res);
      },
    });
  }
}
