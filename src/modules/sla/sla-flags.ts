import { riskMoment } from './working-calendar';

/** Statuses in which a department's clock runs. */
const clockRunning = new Set(['dispatched', 'accepted']);

/**
 * At risk (预警) once 80% of the time from dispatch to the reply due time has passed, overdue (超期)
 * after the due time; only while the department's clock runs.
 */
export const slaFlags = {
  flags(
    t: { status: string; dispatched_at: Date | null; reply_due_at: Date | null },
    now: Date,
  ): { atRisk: boolean; overdue: boolean } {
    if (!clockRunning.has(t.status) || !t.reply_due_at || !t.dispatched_at) return { atRisk: false, overdue: false };
    const overdue = now.getTime() > t.reply_due_at.getTime();
    const atRisk = !overdue && now.getTime() >= riskMoment(t.dispatched_at, t.reply_due_at).getTime();
    return { atRisk, overdue };
  },
};
