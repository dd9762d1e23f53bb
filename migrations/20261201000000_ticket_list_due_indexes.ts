import type { Knex } from 'knex';

/**
 * Indexes for `GET /tickets?sort=due`: the running clock's due time (the expression must stay the
 * DUE_KEY of src/modules/tickets/ticket-list.repository.ts character for character), then the
 * list's keyset (created_at desc, id desc), so a page is read in order off the index and stops
 * after `limit` rows, as the indexes of 20261128020000_ticket_list_indexes.ts do for sort=created.
 */
const DUE_KEY = `coalesce(case status when 'dispatched' then accept_due_at when 'accepted' then reply_due_at end, 'infinity')`;

export async function up(knex: Knex): Promise<void> {
  // The centre's view of what is due soonest (or most overdue) anywhere.
  await knex.raw(`create index tickets_due on tickets ((${DUE_KEY}), created_at desc, id desc)`);
  // A department's workbench ordered by what it must do first.
  await knex.raw(`create index tickets_department_due on tickets (department_id, (${DUE_KEY}), created_at desc, id desc)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists tickets_department_due');
  await knex.raw('drop index if exists tickets_due');
}
