export { AT_RISK_FRACTION, CLOCK_STATUS, clockOfStatus, onTime, riskMoment, slaClock, slaFlags, slaFlagsOf, slaSql, type ClockState, type SlaClock } from './sla-rules';
export { createSlaRepository, type SlaPolicy, type SlaRepository } from './sla.repository';
export { createSlaService, matchPolicy, type DueTimes, type SlaService, type TicketForSla } from './sla.service';
export { WorkingCalendar, addDuration, type SlaDuration, type DurationUnit } from './working-calendar';
export { createSlaTimers, type SlaTimers, type SlaMoment } from './sla-timers';
export { createSlaTimersRepository } from './sla-timers.repository';
export { registerSlaAdminRoutes } from './sla-admin.routes';
export { createSlaAdminRepository, type SlaAdminRepository } from './sla-admin.repository';
export { refillRunningClocks, runningClocksOfTickets } from './sla-running-clocks.repository';
