import type { Knex } from 'knex';

/**
 * Nothing lost, nothing leaked (issue 16).
 * - outbox.done_at: a message leaves the outbox when its job has done its work, no longer when it was
 *   handed to Redis (published_at now only says when it was last handed over): Redis losing the job,
 *   or the job failing for good, leaves the message for the sweep to hand over again.
 * - partner_deliveries.alerted_at: when people were told that an emergency has not reached 110.
 * - tickets.intake_via: 'open311' for the requests submitted through Open311, the only ones its keyless
 *   reads show.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox', (t) => {
    t.timestamp('done_at', { useTz: true });
  });
  // Messages handed over under the old rule count as done: their jobs ran long ago.
  await knex.raw('update outbox set done_at = published_at where published_at is not null');
  await knex.raw('create index outbox_undone on outbox (id) where done_at is null');

  await knex.schema.alterTable('partner_deliveries', (t) => {
    t.timestamp('alerted_at', { useTz: true });
  });

  await knex.schema.alterTable('tickets', (t) => {
    t.text('intake_via');
    t.check(`intake_via in ('open311')`, [], 'tickets_intake_via');
  });
  await knex.raw(`create index tickets_open311_created on tickets (created_at desc, id desc) where intake_via = 'open311'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists tickets_open311_created');
  await knex.schema.alterTable('tickets', (t) => {
    t.dropChecks(['tickets_intake_via']);
    t.dropColumn('intake_via');
  });
  await knex.schema.alterTable('partner_deliveries', (t) => t.dropColumn('alerted_at'));
  await knex.raw('drop index if exists outbox_undone');
  await knex.schema.alterTable('outbox', (t) => t.dropColumn('done_at'));
}
