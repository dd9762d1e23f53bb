import type { SlaPolicy, SlaRepository } from './sla.repository';
import { onTime } from './sla-rules';
import { WorkingCalendar, addDuration } from './working-calendar';

export interface TicketForSla {
  type: string;
  urgency: string;
  categoryCode: string | null;
}

export interface DueTimes {
  acceptDueAt: Date;
  replyDueAt: Date;
  returnDueAt: Date;
  maxExtensionWorkingDays: number;
  policy: string;
}

/**
 * The most specific active policy for a ticket: a matching category (longer code prefix first),
 * then a matching type, then a matching urgency; a policy's null fields match anything.
 */
export function matchPolicy(policies: SlaPolicy[], t: TicketForSla): SlaPolicy | undefined {
  const score = (p: SlaPolicy) => {
    if (p.type !== null && p.type !== t.type) return -1;
    if (p.urgency !== null && p.urgency !== t.urgency) return -1;
    let s = 0;
    if (p.categoryCode !== null) {
      const code = t.categoryCode ?? '';
      if (code !== p.categoryCode && !code.startsWith(`${p.categoryCode}.`)) return -1;
      s += 1000 + p.categoryCode.length;
    }
    if (p.type !== null) s += 2;
    if (p.urgency !== null) s += 1;
    return s;
  };
  let best: SlaPolicy | undefined;
  let bestScore = -1;
  for (const p of policies) {
    const s = score(p);
    if (s > bestScore) [best, bestScore] = [p, s];
  }
  return best;
}

/** Used when an admin has deactivated every policy that could match: SPEC section 6's help/complaint limits. */
const fallbackPolicy: SlaPolicy = {
  id: 0,
  name: 'built-in default',
  type: null,
  urgency: null,
  categoryCode: null,
  accept: { amount: 1, unit: 'working_days' },
  reply: { amount: 5, unit: 'working_days' },
  returnWindowWorkingDays: 2,
  maxExtensionWorkingDays: 10,
};

/** Due times worked out from one reading of the policies and the calendar, without reading them again. */
export interface DueTimeRules {
  dueTimesFor(t: TicketForSla, from: Date): Promise<DueTimes>;
  /** An approved extension moves the reply due time by working days. */
  extend(replyDueAt: Date, workingDays: number): Promise<Date>;
  onTime: typeof onTime;
}

function rulesOf(policies: SlaPolicy[], cal: WorkingCalendar): DueTimeRules {
  return {
    async dueTimesFor(t, from) {
      const p = matchPolicy(policies, t) ?? fallbackPolicy;
      return {
        acceptDueAt: addDuration(cal, from, p.accept),
        replyDueAt: addDuration(cal, from, p.reply),
        // A zero-day window means returns are not allowed at all: it closes at once.
        returnDueAt: p.returnWindowWorkingDays > 0 ? cal.addWorkingDays(from, p.returnWindowWorkingDays) : from,
        maxExtensionWorkingDays: p.maxExtensionWorkingDays,
        policy: p.name,
      };
    },
    extend: async (replyDueAt, workingDays) => cal.addWorkingDays(replyDueAt, workingDays),
    onTime,
  };
}

/**
 * Owns every due time. Policies and calendar overrides are kept in memory behind one version query
 * (a digest of both tables), so an admin's change, made in any process or straight in the database,
 * applies at the next use, and a use costs one small statement instead of reading both tables.
 * `pinned` answers a batch of changes (a routing batch) from one version check.
 */
export function createSlaService(repo: SlaRepository) {
  let cached: { version: string; rules: Promise<{ rules: DueTimeRules; calendar: WorkingCalendar }> } | null = null;

  async function current() {
    const version = await repo.version();
    if (cached?.version !== version) {
      const loading = Promise.all([repo.activePolicies(), repo.calendarOverrides()]).then(([policies, overrides]) => {
        const calendar = new WorkingCalendar(overrides);
        return { rules: rulesOf(policies, calendar), calendar };
      });
      cached = { version, rules: loading };
      // A failed read is not kept: the next use reads again.
      loading.catch(() => {
        if (cached?.rules === loading) cached = null;
      });
    }
    return cached.rules;
  }

  return {
    calendar: async () => (await current()).calendar,
    pinned: async (): Promise<DueTimeRules> => (await current()).rules,
    dueTimesFor: async (t: TicketForSla, from: Date): Promise<DueTimes> => (await current()).rules.dueTimesFor(t, from),
    onTime,
    extend: async (replyDueAt: Date, workingDays: number): Promise<Date> => (await current()).rules.extend(replyDueAt, workingDays),
  };
}

export type SlaService = ReturnType<typeof createSlaService>;
