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
  // The reconciliation pass finds running clocks by due time through tickets_running_clocks.
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('sla_breaches');
}
