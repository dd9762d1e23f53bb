import type { Knex } from 'knex';

/** Columns the lifecycle needs beyond intake: extensions and the policy's caps fixed at dispatch. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    t.integer('pending_extension_days');
    t.text('pending_extension_reason');
    // Fixed when the ticket is dispatched, so a later policy change does not move its limits.
    t.integer('max_extension_working_days').notNullable().defaultTo(10);
    t.check('pending_extension_days is null or pending_extension_days > 0', [], 'tickets_pending_extension_positive');
    t.check('extension_working_days >= 0', [], 'tickets_extension_nonnegative');
  });
  await knex.raw('create index tickets_parent on tickets (parent_ticket_id) where parent_ticket_id is not null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists tickets_parent');
  await knex.schema.alterTable('tickets', (t) => {
    t.dropChecks(['tickets_pending_extension_positive', 'tickets_extension_nonnegative']);
    t.dropColumns('pending_extension_days', 'pending_extension_reason', 'max_extension_working_days');
  });
}
