import type { Department } from '../departments';

/** A department a ticket can be sent to: in service, not the centre itself, not an external platform. */
export function receivesTickets(d: Department): boolean {
  return d.active && d.kind !== 'centre' && d.kind !== 'external';
}
