import { ConflictError } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import type { SystemPrincipal } from '../../shared/principal';
import type { CategoryCatalog } from '../categories';
import type { DepartmentDirectory } from '../departments';
import type { ActionEngine } from '../tickets';
import { createClassifier, type Classifier } from './classifier';
import { decideRoute, type RouteDecision, type RoutingContext } from './route-decision';
import type { RoutingLearning } from './routing-learning.service';
import type { TextModel } from './text-model';
import type { RoutingRule } from './rule-matcher';
import type { RoutingRulesRepository } from './routing-rules.repository';

const routingWorker: SystemPrincipal = { kind: 'system', name: 'routing-worker' };

export interface RoutingDeps {
  rules: RoutingRulesRepository;
  engine: ActionEngine;
  directory: DepartmentDirectory;
  catalog: CategoryCatalog;
  learning: RoutingLearning;
  logger: Logger;
}

/**
 * Carries out the routing decision for one ticket through the lifecycle engine (which owns every
 * status change). Idempotent: a ticket that is no longer pending, or was already classified, is
 * left alone, and a race with a dispatcher or a second worker ends in a conflict that means done.
 */
export function createRoutingService(deps: RoutingDeps) {
  const { engine, directory, catalog } = deps;
  let cached: { version: string; rules: RoutingRule[] } | null = null;
  let keywords: Classifier | null = null;

  /** The categories' keyword lists as last saved: rebuilt when the category table changed. */
  async function currentKeywords(): Promise<Classifier> {
    if (await catalog.refresh()) keywords = null;
    keywords ??= createClassifier(catalog.leaves());
    return keywords;
  }

  /** The catalogue, re-read only when an admin changed it (a one-row version query per ticket). */
  async function activeRules(): Promise<RoutingRule[]> {
    const version = await deps.rules.version();
    if (cached?.version !== version) cached = { version, rules: (await deps.rules.all()).filter((r) => r.active) };
    return cached.rules;
  }

  function context(rules: RoutingRule[], model: TextModel, keywordLists: Classifier): RoutingContext {
    return {
      rules,
      model,
      keywords: keywordLists,
      category: (code) => {
        const c = catalog.getByCode(code);
        if (!c) return undefined;
        const dept = c.defaultDepartmentId === null ? null : (directory.get(c.defaultDepartmentId)?.code ?? null);
        return { code: c.code, defaultDepartmentCode: dept, districtFunction: c.districtFunction };
      },
      department: (code) => {
        const d = directory.getByCode(code);
        if (!d) return undefined;
        return { code: d.code, kind: d.kind, parentCode: d.parentId === null ? null : (directory.get(d.parentId)?.code ?? null) };
      },
    };
  }

  async function carryOut(ticketId: number, channel: string, decision: RouteDecision): Promise<void> {
    const note = (reasons: string[]) => reasons.join('; ').slice(0, 2000);
    if (decision.kind === 'emergency') {
      const reason = `疑似紧急警情（${decision.emergencyKind}）：${decision.matches.join('、')}`;
      // During a call the operator was warned in the intake response and decides; other channels go to 110.
      if (channel === 'phone') {
        await engine.perform(routingWorker, ticketId, 'classify', { note: `${reason}；已提示话务员，待人工处理`, emergencyKind: decision.emergencyKind });
      }
      else await engine.perform(routingWorker, ticketId, 'transfer-110', { reason });
      return;
    }
    const category = {
      categoryCode: decision.categoryCode ?? undefined,
      classifiedBy: decision.classifiedBy ?? undefined,
      model: decision.model ?? undefined,
    };
    // Matters the centre keeps itself (policy questions, praise, other) are no department's to work:
    // they wait in the pool for a dispatcher instead of being sent nowhere.
    const kind = decision.kind === 'department' ? directory.getByCode(decision.departmentCode)?.kind : undefined;
    if (decision.kind === 'department' && (kind === 'centre' || kind === 'external')) {
      const reasons = [...decision.reasons, `${decision.departmentCode} is the centre itself: a dispatcher decides`];
      await engine.perform(routingWorker, ticketId, 'classify', { note: note(reasons), ...category });
      return;
    }
    if (decision.kind === 'department') {
      await engine.perform(routingWorker, ticketId, 'route', { departmentCode: decision.departmentCode, note: note(decision.reasons), ...category });
    } else {
      await engine.perform(routingWorker, ticketId, 'classify', { note: note(decision.reasons), ...category });
    }
  }

  return {
    /**
     * Routes the ticket, once. A concurrent change that is not a routing decision (a supervisor's
     * urge at that moment bumps the version) is no reason to give up: the decision is taken again on
     * the fresh ticket. Any other conflict means someone routed or dispatched it meanwhile: done.
     */
    async routeTicket(ticketId: number): Promise<RouteDecision | null> {
      for (let attempt = 1; ; attempt++) {
        try {
          return await routeOnce(ticketId);
        } catch (err) {
          if (!(err instanceof ConflictError) || err.code !== 'CONCURRENT_UPDATE' || attempt >= 5) throw err;
        }
      }
    },

    /** After an admin changes the catalogue or the categories. */
    invalidate(): void {
      cached = null;
      keywords = null;
    },
  };

  async function routeOnce(ticketId: number): Promise<RouteDecision | null> {
    const ticket = await engine.load(routingWorker, ticketId);
    if (ticket.status !== 'pending_dispatch') return null;
    const decision = decideRoute(
      {
        line: ticket.line,
        channel: ticket.channel,
        categoryCode: ticket.category_id === null ? null : (catalog.get(ticket.category_id)?.code ?? null),
        districtCode: ticket.district_id === null ? null : (directory.get(ticket.district_id)?.code ?? null),
        text: `${ticket.title ?? ''} ${ticket.description}`,
        emergencyDismissed: ticket.emergency_dismissed_at !== null,
      },
      context(await activeRules(), await deps.learning.currentModel(), await currentKeywords()),
    );
    try {
      await carryOut(ticket.id, ticket.channel, decision);
    } catch (err) {
      // Someone else routed or dispatched it meanwhile; a mere concurrent change is routeTicket's to retry.
      if (err instanceof ConflictError && err.code !== 'CONCURRENT_UPDATE') return null;
      throw err;
    }
    return decision;
  }
}

export type RoutingService = ReturnType<typeof createRoutingService>;
