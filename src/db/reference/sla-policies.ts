/**
 * The default time limits of SPEC section 6. Loaded only when missing: admins edit them afterwards,
 * and a restart must not undo their edits.
 */
export interface SlaPolicySeed {
  name: string;
  type: string | null;
  urgency: string | null;
  categoryCode: string | null;
  accept: { amount: number; unit: 'minutes' | 'hours' | 'working_days' };
  reply: { amount: number; unit: 'minutes' | 'hours' | 'working_days' };
}

const oneWorkingDay = { amount: 1, unit: 'working_days' } as const;

export const slaPolicies: SlaPolicySeed[] = [
  { name: 'critical', type: null, urgency: 'critical', categoryCode: null, accept: { amount: 15, unit: 'minutes' }, reply: { amount: 2, unit: 'hours' } },
  { name: 'urgent', type: null, urgency: 'urgent', categoryCode: null, accept: { amount: 30, unit: 'minutes' }, reply: { amount: 24, unit: 'hours' } },
  ...(['consult', 'suggestion', 'praise'] as const).map((type) => ({
    name: `normal-${type}`,
    type,
    urgency: 'normal',
    categoryCode: null,
    accept: oneWorkingDay,
    reply: oneWorkingDay,
  })),
  ...(['help', 'complaint'] as const).map((type) => ({
    name: `normal-${type}`,
    type,
    urgency: 'normal',
    categoryCode: null,
    accept: oneWorkingDay,
    reply: { amount: 5, unit: 'working_days' as const },
  })),
  { name: 'normal-report', type: 'report', urgency: 'normal', categoryCode: null, accept: oneWorkingDay, reply: { amount: 15, unit: 'working_days' } },
];
