import { EventEmitter } from 'node:events';

/**
 * Facts other modules react to, emitted after the transaction that made them true has committed
 * (so a listener never sees a change that was rolled back). Tickets emits; realtime, metrics and
 * SLA listen, without tickets importing them.
 */
export interface DomainEventMap {
  'ticket.changed': {
    ticketId: number;
    ticketNo: string;
    action: string;
    fromStatus: string | null;
    toStatus: string;
    departmentId: number | null;
    at: Date;
  };
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
