export { createTicketsRepository, type TicketRow, type TicketEventRow, type TicketsRepository } from './tickets.repository';
export { createTicketsService, type TicketsService } from './tickets.service';
export { registerTicketRoutes } from './tickets.routes';
export { ticketView, maskPhone, type SlaFlagSource, type TicketView } from './ticket-view';
export * from './ticket.schemas';
export { createActionEngine, actorOf, type ActionEngine, type DueTimePort } from './ticket-actions';
export { transitions, openStatuses, isOpen, allowsFrom, allowsActor, httpActions, type ActionName } from './transitions';
export type { TicketChangeFact, TicketChangeObserver } from './ticket-observers';
