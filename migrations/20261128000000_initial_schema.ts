import type { Knex } from 'knex';

/**
 * The first schema. Enumerations are CHECK constraints so that the database refuses what the API
 * would refuse; the lists are written out here because a migration is a snapshot in time.
 */
const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
const check = (column: string, values: readonly string[]) => `${column} in (${list(values)})`;

const LINES = ['12345', '12369', '110'];
const CHANNELS = ['phone', 'web', 'app', 'wechat', 'email', 'transfer'];
const TYPES = ['consult', 'help', 'complaint', 'report', 'suggestion', 'praise'];
const URGENCIES = ['normal', 'urgent', 'critical'];
const STATUSES = [
  'answered',
  'pending_dispatch',
  'dispatched',
  'accepted',
  'returned',
  'replied',
  'closed',
  'merged',
  'transferred_110',
  'cancelled',
];
const ROLES = ['operator', 'dispatcher', 'handler', 'supervisor', 'admin'];
const DEPARTMENT_KINDS = ['centre', 'bureau', 'district', 'district_bureau', 'street', 'external'];
const UNITS = ['minutes', 'hours', 'working_days'];

export async function up(knex: Knex): Promise<void> {
  await knex.raw('create extension if not exists pg_trgm');

  await knex.schema.createTable('departments', (t) => {
    t.increments('id');
    t.text('code').notNullable().unique();
    t.text('name').notNullable();
    t.text('name_en').notNullable();
    t.text('kind').notNullable();
    t.integer('parent_id').references('departments.id');
    t.check(check('kind', DEPARTMENT_KINDS));
  });

  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.text('username').notNullable().unique();
    t.text('password_hash').notNullable();
    t.text('display_name').notNullable();
    t.text('role').notNullable();
    t.integer('department_id').notNullable().references('departments.id');
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check(check('role', ROLES));
  });

  await knex.schema.createTable('auth_tokens', (t) => {
    t.bigIncrements('id');
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('token_hash').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('revoked_at', { useTz: true });
  });

  await knex.schema.createTable('api_keys', (t) => {
    t.increments('id');
    t.text('name').notNullable().unique();
    t.text('key_prefix').notNullable();
    t.text('key_hash').notNullable().unique();
    t.specificType('channels', 'text[]').notNullable();
    t.specificType('lines', 'text[]').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('revoked_at', { useTz: true });
  });

  await knex.schema.createTable('categories', (t) => {
    t.increments('id');
    t.text('code').notNullable().unique();
    t.integer('parent_id').references('categories.id');
    t.text('name').notNullable();
    t.text('name_en').notNullable();
    t.specificType('keywords', 'text[]').notNullable().defaultTo('{}');
    t.integer('default_department_id').references('departments.id');
    t.text('district_function');
    t.check(`district_function is null or ${check('district_function', ['ENV', 'CITY', 'HOUSING'])}`);
  });

  await knex.schema.createTable('sla_policies', (t) => {
    t.increments('id');
    t.text('name').notNullable().unique();
    // null matches any; the most specific matching policy wins (see the sla module).
    t.text('type');
    t.text('urgency');
    t.text('category_code');
    t.integer('accept_amount').notNullable();
    t.text('accept_unit').notNullable();
    t.integer('reply_amount').notNullable();
    t.text('reply_unit').notNullable();
    t.integer('return_window_working_days').notNullable().defaultTo(2);
    t.integer('max_extension_working_days').notNullable().defaultTo(10);
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check(`type is null or ${check('type', TYPES)}`);
    t.check(`urgency is null or ${check('urgency', URGENCIES)}`);
    t.check(check('accept_unit', UNITS));
    t.check(check('reply_unit', UNITS));
    t.check('accept_amount > 0 and reply_amount > 0');
    t.check('return_window_working_days >= 0 and max_extension_working_days >= 0');
  });

  await knex.schema.createTable('calendar_overrides', (t) => {
    t.date('day').primary();
    t.boolean('working').notNullable();
    t.text('note').notNullable().defaultTo('');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('routing_rules', (t) => {
    t.increments('id');
    t.integer('position').notNullable();
    t.text('name').notNullable().unique();
    t.text('line');
    t.text('channel');
    t.text('category_prefix');
    t.text('district_code');
    t.specificType('keywords', 'text[]').notNullable().defaultTo('{}');
    // A department code, or a template with {district} (e.g. '{district}-ENV') and a fallback.
    t.text('department_code').notNullable();
    t.text('fallback_department_code');
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check(`line is null or ${check('line', LINES)}`);
    t.check(`channel is null or ${check('channel', CHANNELS)}`);
  });

  await knex.schema.createTable('kb_articles', (t) => {
    t.increments('id');
    t.text('slug').notNullable().unique();
    t.text('title').notNullable();
    t.text('body').notNullable();
    t.specificType('keywords', 'text[]').notNullable().defaultTo('{}');
    t.text('category_code');
    // title, body and keywords in one string, for the trigram index (written by whoever writes the row).
    t.text('search_text').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('create index kb_articles_search_trgm on kb_articles using gin (search_text gin_trgm_ops)');

  await knex.schema.createTable('ticket_no_counters', (t) => {
    t.date('day').primary();
    t.integer('last_value').notNullable();
  });

  await knex.schema.createTable('tickets', (t) => {
    t.bigIncrements('id');
    t.text('ticket_no').notNullable().unique();
    t.text('line').notNullable();
    t.text('channel').notNullable();
    t.text('type').notNullable();
    t.text('urgency').notNullable().defaultTo('normal');
    t.text('status').notNullable();
    t.integer('category_id').references('categories.id');
    t.text('title');
    t.text('description').notNullable();
    t.text('citizen_name');
    t.text('citizen_phone');
    t.boolean('citizen_anonymous').notNullable().defaultTo(false);
    t.boolean('callback_consent').notNullable().defaultTo(true);
    t.integer('district_id').references('departments.id');
    t.text('street');
    t.text('address');
    t.decimal('lat', 9, 6);
    t.decimal('lng', 9, 6);
    t.text('external_ref');
    t.text('answer');
    t.integer('department_id').references('departments.id');
    t.bigInteger('parent_ticket_id').references('tickets.id');
    t.integer('created_by_user_id').references('users.id');
    t.integer('created_by_api_key_id').references('api_keys.id');
    t.text('idempotency_scope');
    t.text('idempotency_key');
    t.text('request_hash');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.timestamp('first_dispatched_at', { useTz: true });
    t.timestamp('dispatched_at', { useTz: true });
    t.timestamp('accepted_at', { useTz: true });
    t.timestamp('replied_at', { useTz: true });
    t.timestamp('closed_at', { useTz: true });
    t.timestamp('accept_due_at', { useTz: true });
    t.timestamp('reply_due_at', { useTz: true });
    t.timestamp('return_due_at', { useTz: true });
    t.integer('extension_working_days').notNullable().defaultTo(0);
    t.text('reply_result');
    t.text('reply_outcome');
    // Optimistic concurrency: every change bumps it, a change made against an old version loses.
    t.integer('version').notNullable().defaultTo(1);
    t.check(check('line', LINES));
    t.check(check('channel', CHANNELS));
    t.check(check('type', TYPES));
    t.check(check('urgency', URGENCIES));
    t.check(check('status', STATUSES));
    t.check('char_length(description) between 1 and 4000');
    t.check(`reply_outcome is null or ${check('reply_outcome', ['resolved', 'partly', 'unresolved', 'explained'])}`);
    t.check('lat is null or lat between -90 and 90');
    t.check('lng is null or lng between -180 and 180');
    t.check('(idempotency_key is null) = (idempotency_scope is null)');
    t.unique(['idempotency_scope', 'idempotency_key']);
  });
  await knex.raw('create index tickets_status_created on tickets (status, created_at desc, id desc)');
  await knex.raw('create index tickets_department_status on tickets (department_id, status, reply_due_at)');
  await knex.raw('create index tickets_created on tickets (created_at desc, id desc)');
  await knex.raw('create index tickets_external_ref on tickets (external_ref) where external_ref is not null');
  await knex.raw(
    `create index tickets_text_trgm on tickets using gin ((coalesce(title, '') || ' ' || description) gin_trgm_ops)`,
  );

  await knex.schema.createTable('ticket_events', (t) => {
    t.bigIncrements('id');
    t.bigInteger('ticket_id').notNullable().references('tickets.id');
    t.text('action').notNullable();
    t.text('actor_type').notNullable();
    t.integer('actor_user_id').references('users.id');
    t.integer('actor_api_key_id').references('api_keys.id');
    t.text('from_status');
    t.text('to_status');
    t.integer('department_id').references('departments.id');
    t.text('note');
    t.jsonb('data').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.check(check('actor_type', ['user', 'api_key', 'system', 'citizen']));
    t.index(['ticket_id', 'id']);
  });
  // The timeline is append-only: the database itself refuses edits and deletions.
  await knex.raw(`
    create function ticket_events_append_only() returns trigger language plpgsql as $$
    begin raise exception 'ticket_events is append-only'; end $$;
    create trigger ticket_events_no_update before update or delete on ticket_events
      for each row execute function ticket_events_append_only();
  `);

  // Work to hand to the queue, written in the same transaction as the change that caused it, so a
  // change is never committed without its follow-up (and Redis being down only delays it).
  await knex.schema.createTable('outbox', (t) => {
    t.bigIncrements('id');
    t.text('topic').notNullable();
    t.jsonb('payload').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('published_at', { useTz: true });
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
  });
  await knex.raw('create index outbox_unpublished on outbox (id) where published_at is null');

  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id');
    t.text('action').notNullable();
    t.integer('actor_user_id').references('users.id');
    t.integer('actor_api_key_id').references('api_keys.id');
    t.bigInteger('ticket_id').references('tickets.id');
    t.jsonb('detail').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['ticket_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'audit_log',
    'outbox',
    'ticket_events',
    'tickets',
    'ticket_no_counters',
    'kb_articles',
    'routing_rules',
    'calendar_overrides',
    'sla_policies',
    'categories',
    'api_keys',
    'auth_tokens',
    'users',
    'departments',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.raw('drop function if exists ticket_events_append_only');
}
