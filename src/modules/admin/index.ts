import type { Db } from '../../db/knex';
import type { ChangeBus } from '../../shared/change-bus';
import type { Clock } from '../../shared/clock';
import type { AuthService } from '../auth';
import type { CategoryCatalog } from '../categories';
import type { DepartmentDirectory } from '../departments';
import { createApiKeysAdmin } from './api-keys-admin';
import { createAuditRepository, type AuditFilter, type AuditEntryRow } from './audit.repository';
import { createCategoriesAdmin } from './categories-admin';
import { createDepartmentsAdmin } from './departments-admin';
import { createKbAdmin } from './kb-admin';
import { createUsersAdmin } from './users-admin.service';
import { createUsersAdminRepository } from './users-admin.repository';

export { registerAdminRoutes } from './admin.routes';
export { queueDashboard } from './queue-dashboard';

function auditEntryView(r: AuditEntryRow) {
  const actor =
    r.actor_user_id !== null
      ? { kind: 'user' as const, id: r.actor_user_id, name: r.actor_username }
      : r.actor_api_key_id !== null
        ? { kind: 'api_key' as const, id: r.actor_api_key_id, name: r.actor_api_key_name }
        : { kind: 'system' as const, id: null, name: null };
  return { id: r.id, action: r.action, actor, ticketId: r.ticket_id, targetType: r.target_type, targetId: r.target_id, detail: r.detail, createdAt: new Date(r.created_at).toISOString() };
}

export interface AdminDeps {
  db: Db;
  auth: AuthService;
  directory: DepartmentDirectory;
  catalog: CategoryCatalog;
  bus: ChangeBus;
  clock: Clock;
  passwords: { production: boolean; demoPassword: string };
}

/** Everything the admin console changes, each change audited in its own transaction. */
export function createAdmin(deps: AdminDeps) {
  const audit = createAuditRepository(deps.db);
  return {
    users: createUsersAdmin({ ...deps, repo: createUsersAdminRepository(deps.db), audit }),
    apiKeys: createApiKeysAdmin({ ...deps, audit }),
    departments: createDepartmentsAdmin({ ...deps, audit }),
    categories: createCategoriesAdmin({ ...deps, audit }),
    kb: createKbAdmin({ ...deps, audit }),
    async auditLog(filter: Omit<AuditFilter, 'limit' | 'offset'> & { limit: number; offset: number }) {
      const { rows, total } = await audit.list(filter);
      return { entries: rows.map(auditEntryView), total };
    },
  };
}

export type Admin = ReturnType<typeof createAdmin>;
