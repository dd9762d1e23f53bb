/**
 * The dispatch catalogue (派单目录, SPEC §7.2): ordered rules, the first whose criteria all hold
 * names the department. A criterion left empty (null, or no keywords) does not restrict.
 */
import { normaliseText } from './normalise-text';

export interface RoutingRule {
  id: number;
  position: number;
  name: string;
  line: string | null;
  channel: string | null;
  /** Matches the category itself or any category below it (ENV matches ENV.NOISE.SOCIAL, not ENVX). */
  categoryPrefix: string | null;
  districtCode: string | null;
  /** Any one of them, as a substring of the ticket's text. */
  keywords: string[];
  /** May contain `{district}`, replaced by the ticket's district code. */
  departmentCode: string;
  fallbackDepartmentCode: string | null;
}

export interface RoutableTicket {
  line: string;
  channel: string;
  categoryCode: string | null;
  districtCode: string | null;
  text: string;
}

export type DepartmentLookup = (code: string) => { code: string; kind: string } | undefined;

export interface RuleMatch {
  departmentCode: string;
  rule: string;
  ruleId: number;
  /** Why the fallback was used, when it was; null when the rule's own department was taken. */
  fallbackReason: string | null;
}

export const DISTRICT_PLACEHOLDER = '{district}';

export function categoryHasPrefix(categoryCode: string, prefix: string): boolean {
  return categoryCode === prefix || categoryCode.startsWith(`${prefix}.`);
}

function criteriaHold(rule: RoutingRule, ticket: RoutableTicket, text: string): boolean {
  if (rule.line !== null && rule.line !== ticket.line) return false;
  if (rule.channel !== null && rule.channel !== ticket.channel) return false;
  if (rule.categoryPrefix !== null) {
    if (ticket.categoryCode === null || !categoryHasPrefix(ticket.categoryCode, rule.categoryPrefix)) return false;
  }
  if (rule.districtCode !== null && rule.districtCode !== ticket.districtCode) return false;
  if (rule.keywords.length > 0 && !rule.keywords.some((k) => text.includes(normaliseText(k)))) return false;
  return true;
}

/**
 * The rule's department for this ticket: the template resolved with the ticket's district, or the
 * fallback when the ticket has no district or the resolved department does not exist (a district
 * without that office, or a department since removed). Null when neither is usable: the rule then
 * does not match, so a broken rule never strands a ticket.
 */
function resolveDepartment(
  rule: RoutingRule,
  ticket: RoutableTicket,
  lookup: DepartmentLookup,
): { departmentCode: string; fallbackReason: string | null } | null {
  let whyNot: string;
  if (rule.departmentCode.includes(DISTRICT_PLACEHOLDER) && ticket.districtCode === null) {
    whyNot = 'the ticket has no district';
  } else {
    const code = rule.departmentCode.split(DISTRICT_PLACEHOLDER).join(ticket.districtCode ?? '');
    if (lookup(code)) return { departmentCode: code, fallbackReason: null };
    whyNot = `department ${code} does not exist`;
  }
  if (rule.fallbackDepartmentCode === null || !lookup(rule.fallbackDepartmentCode)) return null;
  return { departmentCode: rule.fallbackDepartmentCode, fallbackReason: whyNot };
}

/** Rules in catalogue order: by position, then by id so that equal positions stay deterministic. */
export function orderRules(rules: readonly RoutingRule[]): RoutingRule[] {
  return [...rules].sort((a, b) => a.position - b.position || a.id - b.id);
}

/** `rules` must already be in catalogue order (see `orderRules`): the worker orders them once per load. */
export function matchRule(
  rules: readonly RoutingRule[],
  ticket: RoutableTicket,
  lookup: DepartmentLookup,
): RuleMatch | null {
  const text = normaliseText(ticket.text);
  for (const rule of rules) {
    if (!criteriaHold(rule, ticket, text)) continue;
    const resolved = resolveDepartment(rule, ticket, lookup);
    if (resolved) return { ...resolved, rule: rule.name, ruleId: rule.id };
  }
  return null;
}
