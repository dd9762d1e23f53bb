/**
 * The routing decision for one ticket (SPEC §7), pure: the worker loads rules, categories and
 * departments, calls `decideRoute`, and carries the decision out (warn the operator or hand over to
 * 110, dispatch, or leave the ticket in the manual pool). Same inputs, same decision, so routing a
 * ticket twice changes nothing the second time.
 *
 * Order: (a) emergency screening; (b) classification when the ticket has no category (the catalogue's
 * keywords and the trained model must agree, docs/ROUTING.md); (c) the
 * dispatch catalogue; (d) the category's default department, or its district office when the matter
 * is a district function; (e) never a street; (f) otherwise the manual dispatch pool.
 */
import { screenForEmergency, type EmergencyKind } from './emergency-screening';
import type { Classifier } from './classifier';
import { autoRoutes, keywordLeafOf } from './model-evaluation';
import { MANUAL, type DecisionSignal, type TextModel } from './text-model';
import { matchRule, type RoutableTicket, type RoutingRule } from './rule-matcher';

export interface RoutingCategory {
  code: string;
  defaultDepartmentCode: string | null;
  /** The district's own office handles it when the ticket has a district (SPEC §3). */
  districtFunction?: 'ENV' | 'CITY' | 'HOUSING' | null;
}

export interface RoutingDepartment {
  code: string;
  kind: string;
  parentCode: string | null;
}

export interface RoutingContext {
  /** In catalogue order (see `orderRules`). */
  rules: readonly RoutingRule[];
  /** The trained classifier (text-model.ts), asked only about tickets without a category. */
  model: TextModel;
  /** The categories' keyword lists as an admin last saved them (they must agree with the model). */
  keywords: Classifier;
  category(code: string): RoutingCategory | undefined;
  department(code: string): RoutingDepartment | undefined;
}

/** What the model said about a ticket, kept on the timeline for the dispatcher and for audits. */
export interface ModelOpinion {
  version: string;
  /** Calibrated confidence of its first suggestion. */
  confidence: number;
  /** How far the first suggestion leads the second (1 − p₂/p₁; text-model.ts DecisionSignal). */
  lead: number;
  /**
   * Which of the two the thresholds apply to: the model auto-routes at or above `threshold` when the
   * keywords name the same leaf, and at or above `aloneThreshold` whatever they say.
   */
  decidesOn: DecisionSignal;
  /** The leaf the catalogue's keyword lists name (null: no keyword in the caller's ask). */
  keywordCategoryCode: string | null;
  threshold: number;
  /** null: the model in use routes only when the keywords agree (models before r4). */
  aloneThreshold: number | null;
  /** The words that weighed most for its first suggestion. */
  words: string[];
  /** Its three most likely leaves, the keywords' leaf always among them (a call for a person, MANUAL, is not offered as a leaf). */
  suggestions: { categoryCode: string; confidence: number }[];
}

export type RouteDecision =
  | { kind: 'emergency'; matches: string[]; emergencyKind: EmergencyKind }
  | {
      kind: 'department';
      departmentCode: string;
      categoryCode: string | null;
      /** The words that gave the ticket its category, when routing classified it. */
      classifiedBy: string[] | null;
      rule: string | null;
      reasons: string[];
      model: ModelOpinion | null;
    }
  | {
      kind: 'manual_pool';
      reason: string;
      categoryCode: string | null;
      classifiedBy: string[] | null;
      reasons: string[];
      model: ModelOpinion | null;
    };

/** Tickets the 110 platform hands over (SPEC §7, 110 in) were already judged non-emergencies there. */
export const LINE_110 = '110';

/** A ticket as routing decides it; `emergencyDismissed`: a person recorded that it is not an emergency. */
export type TicketToRoute = RoutableTicket & { emergencyDismissed?: boolean };

export function decideRoute(ticket: TicketToRoute, ctx: RoutingContext): RouteDecision {
  const reasons: string[] = [];

  // (a) Sending a 110 hand-over back to 110 would bounce it between the platforms forever.
  if (ticket.line === LINE_110) {
    reasons.push('not screened for emergencies: handed over by 110 as a non-emergency');
  } else if (ticket.emergencyDismissed) {
    reasons.push('not screened for emergencies: a person recorded that it is not one');
  } else {
    const screening = screenForEmergency(ticket.text);
    if (screening.emergency && screening.kind) {
      return { kind: 'emergency', matches: screening.matches, emergencyKind: screening.kind };
    }
  }

  // (b) Below the threshold the category stays open: the rules may still place the ticket, and the
  // dispatcher gets the suggestions, never a guess dressed up as a category.
  let categoryCode = ticket.categoryCode;
  let classifiedBy: string[] | null = null;
  let model: ModelOpinion | null = null;
  if (categoryCode === null) {
    const prediction = ctx.model.predict(ticket.text);
    const keywordLeaf = keywordLeafOf(ctx.keywords, ticket.text);
    const routed = autoRoutes(prediction, keywordLeaf, ctx.model);
    model = {
      version: ctx.model.version,
      confidence: prediction.top[0]?.confidence ?? 0,
      lead: prediction.lead,
      decidesOn: ctx.model.decidesOn,
      threshold: ctx.model.threshold,
      aloneThreshold: ctx.model.aloneThreshold,
      keywordCategoryCode: keywordLeaf,
      words: prediction.words,
      suggestions: mergedSuggestions(prediction.top, keywordLeaf, () => ctx.model.scores(ticket.text)),
    };
    const lead = model.decidesOn === 'lead' ? `, leading the second by ${model.lead}` : '';
    const said = `model ${model.version}: ${prediction.top[0]?.label} at ${model.confidence}${lead} (${model.decidesOn} threshold ${model.threshold} with the keywords, ${model.aloneThreshold ?? 'none'} alone) by ${model.words.join('、')}; keywords: ${keywordLeaf ?? 'none'}`;
    if (routed) {
      categoryCode = routed;
      classifiedBy = prediction.words;
      reasons.push(`classified as ${routed} by ${said}`);
    } else {
      reasons.push(`no category: ${said}; not sure enough`);
    }
  }

  const toDepartment = (code: string, rule: string | null): RouteDecision => {
    const departmentCode = aboveStreetLevel(code, ctx, reasons);
    if (departmentCode === null) return toManualPool(`department ${code} is not in the department tree`);
    return { kind: 'department', departmentCode, categoryCode, classifiedBy, rule, reasons, model };
  };
  const toManualPool = (reason: string): RouteDecision => {
    reasons.push(reason);
    return { kind: 'manual_pool', reason, categoryCode, classifiedBy, reasons, model };
  };

  // (c)
  const match = matchRule(ctx.rules, { ...ticket, categoryCode }, ctx.department);
  if (match) {
    reasons.push(`rule "${match.rule}" matched`);
    if (match.fallbackReason) reasons.push(`fallback ${match.departmentCode} used: ${match.fallbackReason}`);
    return toDepartment(match.departmentCode, match.rule);
  }

  // (d)
  if (categoryCode === null) return toManualPool('no rule matched and the ticket has no category');
  const category = ctx.category(categoryCode);
  if (!category?.defaultDepartmentCode) {
    return toManualPool(`no rule matched and category ${categoryCode} has no default department`);
  }
  const local = districtOffice(category, ticket.districtCode, ctx);
  if (local) {
    reasons.push(`${categoryCode} is a district ${category.districtFunction} matter: ${local}`);
    return toDepartment(local, null);
  }
  reasons.push(`default department of ${categoryCode}: ${category.defaultDepartmentCode}`);
  return toDepartment(category.defaultDepartmentCode, null);
}

/** `<district>-<function>` when the category is a district function and that office exists. */
function districtOffice(category: RoutingCategory, districtCode: string | null, ctx: RoutingContext): string | null {
  if (!category.districtFunction || districtCode === null) return null;
  const code = `${districtCode}-${category.districtFunction}`;
  return ctx.department(code) ? code : null;
}

/**
 * (e) Functional matters are never pushed down to street level (SPEC §7.2): a street (街镇) found by a
 * rule or a default is replaced by the district above it. Null when the code is not a department.
 * Invariant relied on: the department tree has no cycles (parents are created before children).
 */
function aboveStreetLevel(code: string, ctx: RoutingContext, reasons: string[]): string | null {
  let department = ctx.department(code);
  while (department?.kind === 'street') {
    department = department.parentCode === null ? undefined : ctx.department(department.parentCode);
  }
  if (!department) return null;
  if (department.code !== code) {
    reasons.push(`${code} is a street: a functional matter goes to its district ${department.code} instead`);
  }
  return department.code;
}

/** The model's three likeliest leaves; the keywords' leaf, when the model ranks it lower, takes the third place. */
function mergedSuggestions(top: readonly { label: string; confidence: number }[], keywordLeaf: string | null, scores: () => Record<string, number>): ModelOpinion['suggestions'] {
  const leaves = top.filter((t) => t.label !== MANUAL).slice(0, 3);
  if (keywordLeaf !== null && !leaves.some((t) => t.label === keywordLeaf)) {
    const confidence = Math.round((scores()[keywordLeaf] ?? 0) * 1000) / 1000;
    leaves.splice(2, 1, { label: keywordLeaf, confidence });
  }
  return leaves.map((t) => ({ categoryCode: t.label, confidence: t.confidence }));
}
