import type { ApiRouter } from '../../http/api-router';
import type { Clock } from '../../shared/clock';
import { anyStaff, type Principal } from '../auth';
import type { CategoryCatalog } from '../categories';
import type { DepartmentDirectory } from '../departments';
import type { TicketListFilter, TicketListRepository } from './ticket-list.repository';
import { encodeCursor, parseTicketListQuery, ticketListQuerySchema } from './ticket-list.schemas';
import { readScope } from './ticket-policy';
import { ticketView, type SlaFlagSource } from './ticket-view';

export interface TicketListRoutesDeps {
  list: TicketListRepository;
  directory: DepartmentDirectory;
  catalog: CategoryCatalog;
  sla: SlaFlagSource;
  clock: Clock;
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

export function registerTicketListRoutes(router: ApiRouter, deps: TicketListRoutesDeps): void {
  const { directory } = deps;
  const querySchema = ticketListQuerySchema((id) => directory.get(id) !== undefined);

  router.add({
    method: 'get',
    path: '/tickets',
    access: { roles: anyStaff, partners: true },
    summary:
      'Tickets the caller may see, newest first or by due time (sort): filters status, departmentId, line, channel, overdue, q, from, to; cursor pages; total counts every match',
    schemas: { query: querySchema },
    handle: async ({ req, res, principal }) => {
      const query = parseTicketListQuery(querySchema, req.query);
      const now = deps.clock.now();
      const page = await deps.list.page({
        ...listScope(principal, directory, query.departmentId),
        statuses: query.status,
        lines: query.line,
        channels: query.channel,
        overdue: query.overdue,
        now,
        q: query.q,
        from: query.from,
        to: query.to,
        sort: query.sort,
        after: query.cursor,
        limit: query.limit,
      });
      const ctx = { directory, catalog: deps.catalog, sla: deps.sla, now, principal };
      res.json({
        tickets: page.rows.map((row) => ticketView(row, ctx)),
        total: page.total,
        nextCursor: page.next ? encodeCursor(page.next) : null,
      });
    },
  });
}
