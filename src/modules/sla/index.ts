export { slaFlags } from './sla-flags';
export { WorkingCalendar, addDuration, riskMoment, shanghaiDate, shanghaiTime, type SlaDuration, type DurationUnit } from './working-calendar';
