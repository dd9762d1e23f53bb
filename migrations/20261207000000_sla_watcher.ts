import type { Knex } from 'knex';

/**
 * SLA moments are found by a watcher reading sla_running_clocks (workers/sla-watcher.ts) instead of
 * delayed queue jobs planned per ticket through the outbox (topic `sla.schedule`, queue `sla`).
 * Its looks read the moments passed in the last second or so: one index per moment. Messages of
 * the retired topic still waiting are done: their clocks' moments are the watcher's now.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create index sla_running_clocks_at_risk on sla_running_clocks (at_risk_at)');
  await knex.raw('create index sla_running_clocks_due on sla_running_clocks (due_at)');
  await knex('outbox').where({ topic: 'sla.schedule' }).whereNull('done_at').update({ published_at: knex.raw('coalesce(published_at, now())'), done_at: knex.fn.now() });
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists sla_running_clocks_due');
  await knex.raw('drop index if exists sla_running_clocks_at_risk');
}
