import type { Knex } from 'knex';

/**
 * Issue 14, the operator's call:
 * - a caller's tickets found by phone without scanning numbers in clear: a keyed hash (HMAC-SHA256
 *   with the server's PHONE_INDEX_SECRET) of the full number, indexed; filled by the service on
 *   intake and, for tickets written before, by the release step (it knows the secret, SQL does not);
 * - `q` matching the citizen's name: a trigram index like the text's;
 * - callers attached to an open ticket instead of a new one, each with their own phone, consent
 *   and survey (surveys.caller_id; one open survey per ticket's own citizen, one per caller);
 * - the `chased` counter (follow-up calls of kind chase) in the daily aggregates and rollups.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    t.text('citizen_phone_hash');
  });
  await knex.raw('create index tickets_phone_hash on tickets (citizen_phone_hash, created_at desc, id desc) where citizen_phone_hash is not null');
  await knex.raw('create index tickets_citizen_name_trgm on tickets using gin (citizen_name gin_trgm_ops) where citizen_name is not null');

  await knex.schema.createTable('ticket_callers', (t) => {
    t.bigIncrements('id');
    t.bigInteger('ticket_id').notNullable().references('tickets.id');
    t.text('name');
    t.text('phone');
    t.text('phone_hash');
    t.boolean('anonymous').notNullable().defaultTo(false);
    t.boolean('callback_consent').notNullable().defaultTo(true);
    t.text('note');
    t.integer('created_by_user_id').references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['ticket_id', 'id']);
    t.check('(phone is null) = (phone_hash is null)');
  });
  await knex.raw('create index ticket_callers_phone_hash on ticket_callers (phone_hash) where phone_hash is not null');

  await knex.schema.alterTable('surveys', (t) => {
    t.bigInteger('caller_id').references('ticket_callers.id');
    // The SMS that carried the latest link: the page says "sent" only once the gateway acknowledged it.
    t.bigInteger('sms_delivery_id').references('partner_deliveries.id');
  });
  await knex.raw('drop index surveys_one_open_per_ticket');
  await knex.raw('create unique index surveys_one_open_per_ticket on surveys (ticket_id) where outcome is null and caller_id is null');
  await knex.raw('create unique index surveys_one_open_per_caller on surveys (caller_id) where outcome is null and caller_id is not null');

  for (const table of ['metric_daily', 'metric_monthly', 'metric_yearly']) {
    await knex.schema.alterTable(table, (t) => {
      t.bigInteger('chased').notNullable().defaultTo(0);
    });
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['metric_daily', 'metric_monthly', 'metric_yearly']) {
    await knex.schema.alterTable(table, (t) => t.dropColumn('chased'));
  }
  await knex.raw('drop index surveys_one_open_per_caller');
  await knex.raw('drop index surveys_one_open_per_ticket');
  await knex('surveys').whereNotNull('caller_id').delete();
  await knex.schema.alterTable('surveys', (t) => {
    t.dropColumn('sms_delivery_id');
    t.dropColumn('caller_id');
  });
  await knex.raw('create unique index surveys_one_open_per_ticket on surveys (ticket_id) where outcome is null');
  await knex.schema.dropTable('ticket_callers');
  await knex.raw('drop index tickets_citizen_name_trgm');
  await knex.raw('drop index tickets_phone_hash');
  await knex.schema.alterTable('tickets', (t) => t.dropColumn('citizen_phone_hash'));
}
