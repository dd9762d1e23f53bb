import type { Db } from '../../src/db/knex';

/** The routing messages that name any of these tickets (a message names the tickets of one intake batch). */
export function routingMessagesOf(db: Db, ticketIds: number[]) {
  return db('outbox')
    .where({ topic: 'ticket.route' })
    .whereRaw(`payload->'ticketIds' @> any(?::jsonb[])`, [ticketIds.map((id) => JSON.stringify([id]))])
    .orderBy('id');
}

/** The routing message that names this ticket. */
export function routingMessageOf(db: Db, ticketId: number) {
  return routingMessagesOf(db, [ticketId]).first();
}
