import { ConflictError, NotFoundError } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import type { SystemPrincipal } from '../../shared/principal';
import type { CategoryCatalog } from '../categories';
import type { DepartmentDirectory } from '../departments';
import type { SlaService } from '../sla';
import type { ActionBody, ActionEngine } from '../tickets';
import { createClassifier, type Classifier } from './classifier';
import { decideRoute, type RouteDecision, type RoutingContext } from './route-decision';
import type { RoutingLearning } from './routing-learning.service';
import type { RoutingRule } from './rule-matcher';
import type { RoutingRulesRepository } from './routing-rules.repository';

const routingWorker: SystemPrincipal = { kind: 'system', name: 'routing-worker' };

export interface RoutingDeps {
  rules: RoutingRulesRepository;
  engine: ActionEngine;
  directory: DepartmentDirectory;
  catalog: CategoryCatalog;
  learning: RoutingLearning;
  sla: Pick<SlaService, 'pinned'>;
  logger: Logger;
}

/** A routing decision as the lifecycle action that carries it out. */
type RoutingActionName = 'route' | 'classify' | 'transfer-110';
type RoutingAction = { [A in RoutingActionName]: { action: A; body: ActionBody<A> } }[RoutingActionName];

/**
 * Carries out routing decisions through the lifecycle engine (which owns every status change), many
 * tickets at a time: the tickets a worker holds are read with one statement, decided, and written in
 * one transaction (`engine.performMany`). Idempotent: a ticket that is no longer pending, or was
 * already classified, is left alone, and a race with a dispatcher or a second worker ends in a
 * conflict that means done.
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

  /** The catalogue, re-read only when an admin changed it (a one-row version query per batch). */
  async function activeRules(): Promise<RoutingRule[]> {
    const version = await deps.rules.version();
    if (cached?.version !== version) cached = { version, rules: (await deps.rules.all()).filter((r) => r.active) };
    return cached.rules;
  }

  /** Rules, model and keyword lists as they stand: checked once per batch, each against its version (read together). */
  async function context(): Promise<RoutingContext> {
    const [rules, model, keywordLists] = await Promise.all([activeRules(), deps.learning.currentModel(), currentKeywords()]);
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

  function actionFor(channel: string, decision: RouteDecision): RoutingAction {
    const note = (reasons: string[]) => reasons.join('; ').slice(0, 2000);
    if (decision.kind === 'emergency') {
      const reason = `疑似紧急警情（${decision.emergencyKind}）：${decision.matches.join('、')}`;
      // During a call the operator was warned in the intake response and decides; other channels go to 110.
      if (channel === 'phone') return { action: 'classify', body: { note: `${reason}；已提示话务员，待人工处理`, emergencyKind: decision.emergencyKind } };
      return { action: 'transfer-110', body: { reason } };
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
      return { action: 'classify', body: { note: note(reasons), ...category } };
    }
    if (decision.kind === 'department') return { action: 'route', body: { departmentCode: decision.departmentCode, note: note(decision.reasons), ...category } };
    return { action: 'classify', body: { note: note(decision.reasons), ...category } };
  }

  /**
   * One pass over distinct tickets: each answers its decision, null when there was nothing to do
   * (not pending, or routed or dispatched by someone else meanwhile), or the Error it failed with
   * (CONCURRENT_UPDATE: changed since it was read, to be decided again). Throws when the batch's
   * transaction failed, having written nothing.
   */
  async function routeOnce(ticketIds: number[]): Promise<(RouteDecision | null | Error)[]> {
    // The SLA policies' version is read with the rules', the model's and the catalogue's, in one
    // statement (version-reads.ts), and the batch's changes are timed by them.
    const [tickets, ctx, sla] = await Promise.all([engine.loadMany(routingWorker, ticketIds), context(), deps.sla.pinned()]);
    const byId = new Map(tickets.filter((t) => t.status === 'pending_dispatch').map((t) => [t.id, t]));
    const pending = ticketIds.flatMap((id) => byId.get(id) ?? []);
    const decisions = pending.map((ticket) =>
      decideRoute(
        {
          line: ticket.line,
          channel: ticket.channel,
          categoryCode: ticket.category_id === null ? null : (catalog.get(ticket.category_id)?.code ?? null),
          districtCode: ticket.district_id === null ? null : (directory.get(ticket.district_id)?.code ?? null),
          text: `${ticket.title ?? ''} ${ticket.description}`,
          emergencyDismissed: ticket.emergency_dismissed_at !== null,
        },
        ctx,
      ),
    );
    const outcomes = await engine.performMany(routingWorker, pending.map((ticket, i) => ({ ticket, ...actionFor(ticket.channel, decisions[i]) })), sla);
    const answers = new Map<number, RouteDecision | null | Error>();
    pending.forEach((ticket, i) => {
      const outcome = outcomes[i];
      // Someone else routed or dispatched it meanwhile; a mere concurrent change is decided again.
      if (outcome instanceof ConflictError && outcome.code !== 'CONCURRENT_UPDATE') answers.set(ticket.id, null);
      else answers.set(ticket.id, outcome instanceof Error ? outcome : decisions[i]);
    });
    const known = new Set(tickets.map((t) => t.id));
    return ticketIds.map((id) => answers.get(id) ?? (known.has(id) ? null : new NotFoundError('No such ticket', 'TICKET_NOT_FOUND')));
  }

  /**
   * Routes one ticket. A concurrent change that is not a routing decision (a supervisor's urge at
   * that moment bumps the version) is no reason to give up: the decision is taken again on the fresh
   * ticket.
   */
  async function routeTicket(ticketId: number): Promise<RouteDecision | null> {
    for (let attempt = 1; ; attempt++) {
      const [answer] = await routeOnce([ticketId]);
      const again = answer instanceof ConflictError && answer.code === 'CONCURRENT_UPDATE' && attempt < 5;
      if (again) continue;
      if (answer instanceof Error) throw answer;
      return answer;
    }
  }

  return {
    routeTicket,

    /**
     * Routes the tickets together, once each, answering per ticket (in the order given) its
     * decision, null, or the Error that ticket failed with. One bad ticket fails alone: a batch
     * whose transaction fails is routed again ticket by ticket. A ticket named twice is routed once
     * (the later ones answer null).
     */
    async routeMany(ticketIds: number[]): Promise<(RouteDecision | null | Error)[]> {
      const distinct = [...new Set(ticketIds)];
      let answers: (RouteDecision | null | Error)[];
      try {
        answers = await routeOnce(distinct);
      } catch (err) {
        if (distinct.length === 1) answers = [err as Error];
        else answers = await Promise.all(distinct.map((id) => routeTicket(id).catch((e: Error) => e)));
      }
      // Changed while it was decided: each such ticket is decided again on its own.
      answers = await Promise.all(answers.map((a, i) => (a instanceof ConflictError && a.code === 'CONCURRENT_UPDATE' ? routeTicket(distinct[i]).catch((e: Error) => e) : a)));
      const byId = new Map(distinct.map((id, i) => [id, answers[i]]));
      const seen = new Set<number>();
      return ticketIds.map((id) => (seen.has(id) ? null : (seen.add(id), byId.get(id) as RouteDecision | null | Error)));
    },

    /** After an admin changes the catalogue or the categories. */
    invalidate(): void {
      cached = null;
      keywords = null;
    },
  };
}

export type RoutingService = ReturnType<typeof createRoutingService>;
