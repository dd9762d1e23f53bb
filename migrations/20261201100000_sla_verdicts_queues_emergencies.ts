import type { Knex } from 'knex';

/**
 * A shift at real volume (issue 13): on-time verdicts stored when they happen, both department
 * clocks watched (a breach row names its clock), emergencies kept on the ticket until a person
 * decides, the citizen's clock from creation, and one index per list filter so that each is read
 * off an index at 3 M tickets (docs/QUERY-PLANS.md).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    // Set by the accept and the reply of the current dispatch; null until then (sla module's onTime).
    t.boolean('accepted_on_time');
    t.boolean('replied_on_time');
    // The emergency screening's kind while a possible emergency waits for a person's decision.
    t.text('emergency_kind');
    // Someone recorded "not an emergency": routing no longer screens this ticket.
    t.timestamp('emergency_dismissed_at', { useTz: true });
    // The citizen's clock: the reply due time counted from creation, kept across re-dispatch (SPEC section 6).
    t.timestamp('citizen_due_at', { useTz: true });
    // The last reopening by a supervisor, for the reopened marker and filter.
    t.timestamp('reopened_at', { useTz: true });
  });
  // Tickets already replied keep a verdict worked out the way metrics always did.
  await knex.raw('update tickets set accepted_on_time = accepted_at <= accept_due_at where accepted_at is not null and accept_due_at is not null');
  await knex.raw('update tickets set replied_on_time = replied_at <= reply_due_at where replied_at is not null and reply_due_at is not null');

  await knex.schema.alterTable('sla_breaches', (t) => {
    t.text('clock').notNullable().defaultTo('reply');
    t.check(`clock in ('accept', 'reply')`, [], 'sla_breaches_clock');
  });
  await knex.schema.alterTable('sla_breaches', (t) => {
    t.dropUnique(['ticket_id', 'kind', 'due_at']);
    t.unique(['ticket_id', 'clock', 'kind', 'due_at']);
  });

  // Marker filters: few tickets each, read newest first.
  const keyset = 'created_at desc, id desc';
  await knex.raw(`create index tickets_emergency_created on tickets (${keyset}) where emergency_kind is not null`);
  await knex.raw(`create index tickets_pending_extension_created on tickets (${keyset}) where pending_extension_days is not null`);
  await knex.raw(`create index tickets_reopened_created on tickets (${keyset}) where reopened_at is not null`);
  // The manual pool's order (sort=pool): possible emergencies first, then the longest waiting. The
  // expression must stay POOL_RANK of src/modules/tickets/ticket-list.repository.ts.
  await knex.raw(
    `create index tickets_pool on tickets ((case when emergency_kind is null then 1 else 0 end), created_at, id) where status in ('pending_dispatch', 'returned')`,
  );
  // Dimension filters.
  // A category filter uses tickets_category_created (category_id, created_at) of the duplicate lookup.
  await knex.raw(`create index tickets_district_created on tickets (district_id, ${keyset})`);
  await knex.raw(`create index tickets_type_created on tickets (type, ${keyset})`);
  await knex.raw(`create index tickets_urgency_created on tickets (urgency, ${keyset})`);
  await knex.raw(`create index tickets_line_created on tickets (line, ${keyset})`);
  await knex.raw(`create index tickets_channel_created on tickets (channel, ${keyset})`);
  // The escalated and failed-delivery queues start from their (few) rows.
  await knex.raw('create index surveys_escalated_ticket on surveys (ticket_id) where escalated');
  await knex.raw(`create index partner_deliveries_dead_ticket on partner_deliveries (ticket_id) where status = 'dead'`);
}

export async function down(knex: Knex): Promise<void> {
  for (const index of [
    'partner_deliveries_dead_ticket',
    'surveys_escalated_ticket',
    'tickets_channel_created',
    'tickets_line_created',
    'tickets_urgency_created',
    'tickets_type_created',
    'tickets_district_created',
    'tickets_reopened_created',
    'tickets_pending_extension_created',
    'tickets_emergency_created',
    'tickets_pool',
  ]) {
    await knex.raw(`drop index if exists ${index}`);
  }
  await knex.schema.alterTable('sla_breaches', (t) => {
    t.dropUnique(['ticket_id', 'clock', 'kind', 'due_at']);
    t.unique(['ticket_id', 'kind', 'due_at']);
    t.dropChecks(['sla_breaches_clock']);
    t.dropColumn('clock');
  });
  await knex.schema.alterTable('tickets', (t) => {
    t.dropColumns('accepted_on_time', 'replied_on_time', 'emergency_kind', 'emergency_dismissed_at', 'citizen_due_at', 'reopened_at');
  });
}
