import type { Principal } from '../auth';
import type { DepartmentDirectory } from '../departments';
import type { TicketRow } from './tickets.repository';

/**
 * Whether a caller may see a ticket at all. Handlers see their department's tickets and those of
 * its sub-units; partner systems the tickets they handed in; the centre's staff everything.
 * A ticket one may not see answers 404, as if it did not exist.
 */
export function canSeeTicket(principal: Principal, ticket: TicketRow, directory: DepartmentDirectory): boolean {
  switch (principal.kind) {
    case 'public':
      return false;
    case 'system':
      return true;
    case 'api_key':
      return ticket.created_by_api_key_id === principal.apiKeyId;
    case 'user':
      if (principal.role !== 'handler') return true;
      return ticket.department_id !== null && directory.isWithin(ticket.department_id, principal.departmentId);
  }
}
