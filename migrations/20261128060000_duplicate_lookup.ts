import type { Knex } from 'knex';

/** Duplicate suggestions look for open tickets of the same category in the last 7 days. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create index tickets_category_created on tickets (category_id, created_at) where category_id is not null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists tickets_category_created');
}
