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

/**
 * Owns every due time. Policies and calendar overrides are read from the database on each use, so
 * an admin's change applies at once in every process (both tables are a few dozen rows).
 */
export function createSlaService(repo: SlaRepository) {
  const calendar = async () => new WorkingCalendar(await repo.calendarOverrides());

  return {
    calendar,

    async dueTimesFor(t: TicketForSla, from: Date): Promise<DueTimes> {
      const [policies, cal] = await Promise.all([repo.activePolicies(), calendar()]);
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

    onTime,

    /** An approved extension moves the reply due time by working days. */
    async extend(replyDueAt: Date, workingDays: number): Promise<Date> {
      return (await calendar()).addWorkingDays(replyDueAt, workingDays);
    },
  };
}

export type SlaService = ReturnType<typeof createSlaService>;
