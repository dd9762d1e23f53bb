import type { Knex } from 'knex';

/**
 * Outbound delivery to partner systems (110 platform, SMS gateway, department systems): where each
 * partner listens, and every message sent to one, kept until acknowledged or a person gives up
 * on it (SPEC sections 7 and 11: a message that keeps failing is kept, never dropped).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('partner_endpoints', (t) => {
    t.increments('id');
    t.text('name').notNullable().unique();
    t.text('url').notNullable();
    // Stored as given, not hashed: the HMAC signature needs the secret itself on every send.
    // The API never returns it; only the database and the configuring admin ever see it.
    t.text('secret').notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.check(`name ~ '^[a-z0-9][a-z0-9_-]{0,31}$'`, [], 'partner_endpoints_name_format');
    t.check(`url ~ '^https{0,1}://'` /* no '?': knex reads it as a binding */, [], 'partner_endpoints_url_http');
  });

  await knex.schema.createTable('partner_deliveries', (t) => {
    t.bigIncrements('id');
    // No foreign key to partner_endpoints: a message may be written before its partner is
    // configured, and then waits as dead ("no endpoint configured") until an admin retries it.
    t.text('partner').notNullable();
    t.bigInteger('ticket_id').references('tickets.id');
    t.text('kind').notNullable();
    // Exactly the JSON body that is posted (and signed), so what was sent can be checked later.
    t.jsonb('payload').notNullable();
    t.text('status').notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.integer('last_status_code');
    // When the next attempt may start; while an attempt runs, the end of its lease.
    t.timestamp('next_attempt_at', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.timestamp('delivered_at', { useTz: true });
    t.timestamp('dead_at', { useTz: true });
    // The partner's answer to the delivery, when it was JSON (e.g. its own incident reference).
    t.jsonb('ack');
    t.check(`kind in ('emergency', 'outcome', 'sms')`, [], 'partner_deliveries_kind');
    t.check(`status in ('pending', 'delivered', 'dead')`, [], 'partner_deliveries_status');
    t.check('attempts >= 0', [], 'partner_deliveries_attempts');
    t.check(`(status = 'delivered') = (delivered_at is not null)`, [], 'partner_deliveries_delivered_at');
    t.check(`(status = 'dead') = (dead_at is not null)`, [], 'partner_deliveries_dead_at');
  });
  // The admin lists: dead letters (and pending, delivered) newest first.
  await knex.raw('create index partner_deliveries_status_id on partner_deliveries (status, id desc)');
  // The sweep looks for pending messages whose job went missing.
  await knex.raw(`create index partner_deliveries_pending_next on partner_deliveries (next_attempt_at) where status = 'pending'`);
  await knex.raw('create index partner_deliveries_ticket on partner_deliveries (ticket_id) where ticket_id is not null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('partner_deliveries');
  await knex.schema.dropTableIfExists('partner_endpoints');
}
