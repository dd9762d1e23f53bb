import { ticketPageSchema } from './ticket-view.schemas';
import type { ApiRouter } from '../../http/api-router';
import type { Clock } from '../../shared/clock';
import { anyStaff, type Principal } from '../auth';
import type { CategoryCatalog } from '../categories';
import type { DepartmentDirectory } from '../departments';
import type { TicketListFilter, TicketListRepository } from './ticket-list.repository';
import { encodeCursor, parseTicketListQuery, ticketListQuerySchema } from './ticket-list.schemas';
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
 * canRead (ticket-policy.ts) as a WHERE clause, so that a page is filled with visible tickets
 * instead of being filtered after the fact: handlers see their department's subtree, partner keys
 * what they handed in, the centre's staff everything. A departmentId filter means that department
 * and its sub-units, intersected with what the caller may see.
 */
export function listScope(principal: Principal, directory: DepartmentDirectory, departmentId?: number): Scope {
  const wanted = departmentId === undefined ? undefined : directory.subtreeIds(departmentId);
  switch (principal.kind) {
    case 'api_key':
      return { departmentIds: wanted, createdByApiKeyId: principal.apiKeyId };
    case 'user': {
      if (principal.role !== 'handler') return { departmentIds: wanted };
      const own = directory.subtreeIds(principal.departmentId);
      return { departmentIds: wanted ? wanted.filter((id) => own.includes(id)) : own };
    }
    default:
      // The route's access check keeps anyone else out; should one get here, they see nothing.
      return { departmentIds: [] };
  }
}

export function registerTicketListRoutes(router: ApiRouter, deps: TicketListRoutesDeps): void {
  const { directory } = deps;
  const querySchema = ticketListQuerySchema((id) => directory.get(id) !== undefined);

  router.add({
    method: 'get',
    path: '/tickets',
    access: { roles: anyStaff, partners: true },
    summary:
      'Tickets the caller may see, newest first or by due time (sort): filters status, departmentId, line, channel, overdue, q, phone, open, from, to; cursor pages; total counts every match',
    schemas: { query: querySchema },
    response: ticketPageSchema,
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
        phoneHash: query.phone === undefined ? undefined : deps.phoneKey(query.phone),
        open: query.open,
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
