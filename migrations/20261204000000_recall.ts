import type { Knex } from 'knex';

/**
 * Who passed a ticket down (SPEC section 5: the department that passed a ticket down may recall
 * it). Set by pass-down, cleared by recall and by every fresh dispatch (route, dispatch, reopen).
 * Tickets passed down before this migration get theirs from their latest pass-down event, if the
 * department holding them is still the one it went to.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    t.integer('passed_down_from_id').nullable().references('id').inTable('departments');
  });
  await knex.raw(
    `update tickets t set passed_down_from_id = d.id
     from (
       select distinct on (e.ticket_id) e.ticket_id, e.department_id as to_id, e.data->>'from' as from_code
       from ticket_events e where e.action in ('pass-down', 'route', 'dispatch', 'reopen', 'survey') order by e.ticket_id, e.id desc
     ) last
     join departments d on d.code = last.from_code
     where t.id = last.ticket_id and last.from_code is not null and t.department_id = last.to_id
       and t.status in ('dispatched', 'accepted')`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    t.dropColumn('passed_down_from_id');
  });
}
