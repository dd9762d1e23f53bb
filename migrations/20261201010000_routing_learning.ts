import type { Knex } from 'knex';

/**
 * What routing learns from people (issue 17): every dispatcher correction as a labelled example,
 * and every model trained from them, the one in use marked active (at most one: a partial unique
 * index), each remembering the model it replaced so that it can be restored.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('routing_examples', (t) => {
    t.bigIncrements('id');
    t.bigInteger('ticket_id').notNullable().references('tickets.id').onDelete('cascade');
    t.text('text').notNullable();
    // The leaf a person chose (or that the department they chose handles); null when none fits.
    t.string('category_code', 100);
    t.string('department_code', 60).notNullable();
    // The category routing had given a ticket that came back "not ours".
    t.string('rejected_category_code', 100);
    t.string('source', 20).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['created_at']);
  });
  await knex.raw(`alter table routing_examples add constraint routing_examples_source check (source in ('pool_dispatch', 'redispatch', 'return'))`);

  await knex.schema.createTable('routing_models', (t) => {
    t.increments('id');
    t.string('version', 60).notNullable().unique();
    t.jsonb('model').notNullable();
    t.jsonb('test_metrics').notNullable();
    t.string('status', 20).notNullable();
    t.text('reason').notNullable();
    t.boolean('active').notNullable().defaultTo(false);
    // The model in use when this one was activated (null: the model shipped in the repository).
    t.integer('replaced_id').references('routing_models.id');
    t.timestamp('created_at', { useTz: true }).notNullable();
  });
  await knex.raw(`alter table routing_models add constraint routing_models_status check (status in ('accepted', 'refused', 'restored_away'))`);
  await knex.raw('create unique index routing_models_one_active on routing_models (active) where active');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('routing_models');
  await knex.schema.dropTable('routing_examples');
}
