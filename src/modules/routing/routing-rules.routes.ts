import type { ApiRouter } from '../../http/api-router';
import { int4IdSchema } from '../../http/validate';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors';
import type { Clock } from '../../shared/clock';
import type { CategoryCatalog } from '../categories';
import type { DepartmentDirectory } from '../departments';
import { isUniqueViolation } from '../../db/errors';
import type { RoutingRuleInput, RoutingRulesRepository } from './routing-rules.repository';
import type { RoutingService } from './routing.service';
import { DISTRICT_PLACEHOLDER } from './rule-matcher';
import { routingRuleList, routingRuleListQuery, routingRuleSchema, routingRuleView } from './routing-rules.schemas';

const idParam = int4IdSchema('a rule id').describe('rule id');

export function registerRoutingRuleRoutes(
  router: ApiRouter,
  deps: { repo: RoutingRulesRepository; routing: RoutingService; directory: DepartmentDirectory; catalog: CategoryCatalog; clock: Clock },
): void {
  /** References must exist: a rule naming an unknown department would silently send tickets nowhere. */
  function checkReferences(rule: RoutingRuleInput): void {
    const problems = [];
    const template = rule.departmentCode.includes(DISTRICT_PLACEHOLDER);
    if (!template && !deps.directory.getByCode(rule.departmentCode)) problems.push({ field: 'departmentCode', message: `unknown department ${rule.departmentCode}` });
    if (rule.fallbackDepartmentCode && !deps.directory.getByCode(rule.fallbackDepartmentCode)) {
      problems.push({ field: 'fallbackDepartmentCode', message: `unknown department ${rule.fallbackDepartmentCode}` });
    }
    if (rule.categoryPrefix && !deps.catalog.getByCode(rule.categoryPrefix)) problems.push({ field: 'categoryPrefix', message: `unknown category ${rule.categoryPrefix}` });
    if (rule.districtCode && !deps.directory.district(rule.districtCode)) problems.push({ field: 'districtCode', message: `unknown district ${rule.districtCode}` });
    if (problems.length) throw new ValidationError('Invalid input', problems);
  }

  async function save(write: () => Promise<unknown>) {
    try {
      const saved = await write();
      deps.routing.invalidate();
      return saved;
    } catch (err) {
      if (isUniqueViolation(err, 'routing_rules_name_unique')) throw new ConflictError('DUPLICATE_NAME', 'A rule with this name exists');
      throw err;
    }
  }

  router.add({
    method: 'get',
    path: '/admin/routing-rules',
    access: { roles: ['admin', 'dispatcher', 'supervisor'] },
    summary: 'The dispatch catalogue, in matching order, a page at a time',
    schemas: { query: routingRuleListQuery },
    response: routingRuleList,
    handle: async ({ res, query }) => {
      res.json(await deps.repo.page(query));
    },
  });

  router.add({
    method: 'post',
    path: '/admin/routing-rules',
    access: { roles: ['admin'] },
    summary: 'Add a routing rule',
    schemas: { body: routingRuleSchema },
    successStatus: 201,
    response: routingRuleView,
    handle: async ({ res, body: rule }) => {
      checkReferences(rule);
      res.status(201).json(await save(() => deps.repo.insert(rule, deps.clock.now())));
    },
  });

  router.add({
    method: 'put',
    path: '/admin/routing-rules/:id',
    access: { roles: ['admin'] },
    summary: 'Replace a routing rule',
    response: routingRuleView,
    schemas: { params: { id: idParam }, body: routingRuleSchema },
    handle: async ({ res, params, body: rule }) => {
      checkReferences(rule);
      const saved = await save(() => deps.repo.update(params.id, rule, deps.clock.now()));
      if (!saved) throw new NotFoundError('No such rule', 'RULE_NOT_FOUND');
      res.json(saved);
    },
  });

  router.add({
    method: 'delete',
    path: '/admin/routing-rules/:id',
    access: { roles: ['admin'] },
    summary: 'Remove a routing rule',
    schemas: { params: { id: idParam } },
    successStatus: 204,
    handle: async ({ res, params }) => {
      if (!(await save(() => deps.repo.remove(params.id)))) throw new NotFoundError('No such rule', 'RULE_NOT_FOUND');
      res.status(204).end();
    },
  });
}
