import type { Knex } from 'knex';

/**
 * What the admin console needs: departments that can be retired without deleting their history,
 * API keys that record their last use and keep the previous secret working for an overlap window
 * after a rotation, knowledge-base articles that say who wrote them and can be retired, and an
 * audit log that can be read by what was changed and when.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('departments', (t) => {
    t.boolean('active').notNullable().defaultTo(true);
  });
  await knex.schema.alterTable('users', (t) => {
    t.timestamp('updated_at', { useTz: true });
  });
  await knex.schema.alterTable('api_keys', (t) => {
    t.timestamp('last_used_at', { useTz: true });
    // After a rotation the old secret keeps working until previous_expires_at, so a partner can
    // deploy the new one without an outage.
    t.text('previous_key_hash').unique();
    t.timestamp('previous_expires_at', { useTz: true });
    t.timestamp('rotated_at', { useTz: true });
  });
  await knex.schema.alterTable('kb_articles', (t) => {
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('updated_by_user_id').references('users.id');
    t.timestamp('retired_at', { useTz: true });
  });
  await knex.schema.alterTable('audit_log', (t) => {
    t.text('target_type');
    t.text('target_id');
    t.index(['created_at', 'id']);
    t.index(['target_type', 'target_id']);
  });
  await knex.raw('create index users_department on users (department_id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists users_department');
  await knex.schema.alterTable('audit_log', (t) => {
    t.dropIndex(['target_type', 'target_id']);
    t.dropIndex(['created_at', 'id']);
    t.dropColumns('target_type', 'target_id');
  });
  await knex.schema.alterTable('kb_articles', (t) => t.dropColumns('created_at', 'updated_by_user_id', 'retired_at'));
  await knex.schema.alterTable('api_keys', (t) => t.dropColumns('last_used_at', 'previous_key_hash', 'previous_expires_at', 'rotated_at'));
  await knex.schema.alterTable('users', (t) => t.dropColumn('updated_at'));
  await knex.schema.alterTable('departments', (t) => t.dropColumn('active'));
}
