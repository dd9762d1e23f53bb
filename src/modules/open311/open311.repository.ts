import type { Knex } from 'knex';
import type { Db } from '../../db/knex';
import type { TicketRow, TicketStatus } from '../tickets';

export interface RequestFilter {
  categoryIds?: number[];
  statuses?: TicketStatus[];
  from: Date;
  /** Inclusive; none means up to now. */
  to: Date | null;
  limit: number;
}

/**
 * Read-only queries over tickets for the Open311 endpoints, which need no login and so cannot use
 * the tickets service's per-caller scoping. What they may show is fixed here, in one place: the
 * requests submitted through Open311 itself. Phone calls, the web form, a partner app's own
 * submissions through /api/v1, 12369 and 110 hand-overs are never visible through Open311.
 */
function open311Visible(q: Knex.QueryBuilder): Knex.QueryBuilder {
  return q.where({ intake_via: 'open311' });
}

export function createOpen311Repository(db: Db) {
  return {
    findByTicketNos(ticketNos: string[]): Promise<TicketRow[]> {
      return open311Visible(db<TicketRow>('tickets').whereIn('ticket_no', ticketNos)).orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
    },

    /** Newest first, on the (created_at desc, id desc) index. */
    list(filter: RequestFilter): Promise<TicketRow[]> {
      const q = open311Visible(db<TicketRow>('tickets').where('created_at', '>=', filter.from));
      if (filter.to) q.where('created_at', '<=', filter.to);
      if (filter.categoryIds) q.whereIn('category_id', filter.categoryIds);
      if (filter.statuses) q.whereIn('status', filter.statuses);
      return q
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(filter.limit);
    },
  };
}

export type Open311Repository = ReturnType<typeof createOpen311Repository>;
