import type { Knex } from 'knex';

/**
 * Issue 14: a citizen's withdraw request (follow-up `withdraw_request`) waits on the ticket for a
 * dispatcher's decision, like a pending extension waits for a supervisor's: when it came, and the
 * citizen's words. Cleared when it is dismissed or the ticket ends. Partial index: the dispatchers'
 * list (`withdrawRequested=true`) reads the few marked tickets, never the table.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    t.timestamp('withdraw_requested_at', { useTz: true });
    t.text('withdraw_request_note');
    t.check('(withdraw_requested_at is null) = (withdraw_request_note is null)', [], 'tickets_withdraw_request_whole');
  });
  await knex.raw('create index tickets_withdraw_requested on tickets (created_at desc, id desc) where withdraw_requested_at is not null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists tickets_withdraw_requested');
  await knex.schema.alterTable('tickets', (t) => {
    t.dropChecks(['tickets_withdraw_request_whole']);
    t.dropColumns('withdraw_requested_at', 'withdraw_request_note');
  });
}
