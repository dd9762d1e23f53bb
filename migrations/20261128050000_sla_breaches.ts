import type { Knex } from 'knex';

/** At-risk and overdue moments, recorded once per ticket and due time (SPEC section 6). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sla_breaches', (t) => {
    t.bigIncrements('id');
    t.bigInteger('ticket_id').notNullable().references('tickets.id');
    t.text('kind').notNullable();
    // The reply due time the moment belongs to: an extension or re-dispatch makes a new one.
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.timestamp('recorded_at', { useTz: true }).notNullable();
    t.check(`kind in ('at_risk', 'overdue')`);
    t.unique(['ticket_id', 'kind', 'due_at']);
  });
  // The reconciliation pass looks for running clocks by due time.
  await knex.raw(`create index tickets_running_reply_due on tickets (reply_due_at) where status in ('dispatched', 'accepted')`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists tickets_running_reply_due');
  await knex.schema.dropTableIfExists('sla_breaches');
}
