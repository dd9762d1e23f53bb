import type { Tx } from '../../db/knex';
import type { DepartmentDirectory } from '../departments';
import type { TicketChangeFact, TicketChangeObserver, TicketRow } from '../tickets';
import type { NewDelivery } from './partners.repository';

/** The 110 platform's partner name, both for its API key (hand-overs in) and its endpoint (out). */
export const POLICE_PARTNER = '110';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function where(t: TicketRow, directory: DepartmentDirectory) {
  const district = t.district_id === null ? null : directory.get(t.district_id);
  return { districtCode: district?.code ?? null, districtName: district?.name ?? null, street: t.street, address: t.address, lat: t.lat, lng: t.lng };
}

/**
 * What the police need to act on an emergency. Unlike every staff view, the citizen's full name
 * and phone go out even for an anonymous caller: officers must reach the person in danger. The
 * `anonymous` flag travels with them so that 110 handles them accordingly.
 */
export function emergencyPayload(t: TicketRow, fact: TicketChangeFact, directory: DepartmentDirectory): Record<string, unknown> {
  return {
    kind: 'emergency',
    ticketNo: t.ticket_no,
    line: t.line,
    channel: t.channel,
    type: t.type,
    urgency: t.urgency,
    title: t.title,
    description: t.description,
    reason: fact.event.note,
    location: where(t, directory),
    citizen: { name: t.citizen_name, phone: t.citizen_phone, anonymous: t.citizen_anonymous },
    externalRef: t.external_ref,
    createdAt: iso(t.created_at),
    transferredAt: iso(fact.event.created_at),
  };
}

/** The outcome of a matter 110 handed over, sent back under 110's own incident number. */
export function outcomePayload(t: TicketRow, fact: TicketChangeFact, directory: DepartmentDirectory): Record<string, unknown> {
  const department = t.department_id === null ? null : directory.get(t.department_id);
  const data = fact.event.data as { satisfaction?: string; reached?: boolean; unreachable?: boolean; escalated?: boolean };
  return {
    kind: 'outcome',
    externalRef: t.external_ref,
    ticketNo: t.ticket_no,
    outcome: t.reply_outcome,
    result: t.reply_result,
    department: department ? { code: department.code, name: department.name } : null,
    repliedAt: iso(t.replied_at),
    closedAt: iso(t.closed_at),
    survey: {
      reached: data.reached ?? null,
      satisfaction: data.satisfaction ?? null,
      unreachable: data.unreachable ?? false,
      escalated: data.escalated ?? false,
    },
  };
}

/**
 * Writes the 110 messages inside the transaction of the change that calls for them, so a ticket
 * is never transferred (or a hand-over closed) without its message, nor a message sent for a
 * change that was rolled back.
 */
export function createPartnerObserver(deps: { directory: DepartmentDirectory; enqueue: (tx: Tx, d: NewDelivery) => Promise<unknown> }): TicketChangeObserver {
  return {
    async inTransaction(tx, fact) {
      const { before, after, event } = fact;
      if (event.action === 'transfer-110') {
        await deps.enqueue(tx, { partner: POLICE_PARTNER, ticket_id: after.id, kind: 'emergency', payload: emergencyPayload(after, fact, deps.directory) });
        return;
      }
      // Each closing sends its outcome: a reopened hand-over that closes again reports again.
      const closedNow = after.status === 'closed' && before?.status !== 'closed';
      if (closedNow && after.line === '110' && after.external_ref) {
        await deps.enqueue(tx, { partner: POLICE_PARTNER, ticket_id: after.id, kind: 'outcome', payload: outcomePayload(after, fact, deps.directory) });
      }
    },
  };
}
