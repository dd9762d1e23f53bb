import { ConflictError } from '../../shared/errors';
import { shanghaiHour } from '../../shared/shanghai-time';

/** When an operator may call a citizen back (config: SURVEY_ATTEMPT_SPACING_HOURS, SURVEY_CALL_HOURS). */
export interface CallbackRules {
  attemptSpacingHours: number;
  /** Shanghai hours [from, to): no call before `from`:00 or from `to`:00 on. */
  callHours: [from: number, to: number];
}

/**
 * The refusal for a callback now, or null: outside the calling hours (Shanghai time), or an
 * unanswered call sooner than the spacing after the last unanswered one, so that the 3 attempts
 * before "unreachable" (SPEC section 9) are real tries spread over the day, not three clicks.
 */
export function callbackRefusal(now: Date, lastAttemptAt: Date | null, reached: boolean, rules: CallbackRules): ConflictError | null {
  const hour = shanghaiHour(now);
  const [from, to] = rules.callHours;
  if (hour < from || hour >= to) {
    return new ConflictError('OUTSIDE_CALL_HOURS', `Citizens are called back between ${from}:00 and ${to}:00 Shanghai time`, [{ from, to }]);
  }
  if (!reached && lastAttemptAt) {
    const next = new Date(lastAttemptAt.getTime() + rules.attemptSpacingHours * 3_600_000);
    if (now < next) {
      return new ConflictError('ATTEMPT_TOO_SOON', `The last unanswered call was at ${lastAttemptAt.toISOString()}; try again from ${next.toISOString()}`, [{ nextAttemptAt: next.toISOString() }]);
    }
  }
  return null;
}
