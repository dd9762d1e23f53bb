import { EventEmitter } from 'node:events';

/**
 * Facts outside a ticket change that other modules react to, emitted after the transaction that
 * made them true has committed (so a listener never sees a change that was rolled back): the SLA
 * timers and the partner deliveries emit, the live publisher listens. A ticket change itself reaches
 * its reactors through the observers (tickets/ticket-observers.ts), not through an event.
 */
export interface DomainEventMap {
  /** A running clock reached 80% of its time (at_risk) or passed its due time (overdue); once per clock and due time. */
  'sla.breached': {
    ticketId: number;
    ticketNo: string;
    /** Which department clock: accepting (while dispatched) or replying (once accepted). */
    clock: 'accept' | 'reply';
    kind: 'at_risk' | 'overdue';
    dueAt: Date;
    departmentId: number | null;
    at: Date;
  };
  /** A supervisor corrected a recorded survey result: the figures of that department moved. */
  'survey.corrected': {
    ticketId: number;
    surveyId: number;
    departmentId: number | null;
    at: Date;
  };
  /** An emergency has not reached 110 for a minute: every supervisor and the creating operator must phone 110. */
  'emergency.undelivered': {
    deliveryId: number;
    ticketId: number;
    ticketNo: string;
    createdByUserId: number | null;
    message: string;
    error: string;
    since: Date;
    at: Date;
  };
}

export class DomainEvents {
  private readonly emitter = new EventEmitter();

  emit<K extends keyof DomainEventMap>(name: K, payload: DomainEventMap[K]): void {
    this.emitter.emit(name, payload);
  }

  on<K extends keyof DomainEventMap>(name: K, listener: (payload: DomainEventMap[K]) => void): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }
}
