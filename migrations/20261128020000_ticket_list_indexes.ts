import type { Knex } from 'knex';

/**
 * Indexes and statistics for `GET /tickets` (plans in docs/QUERY-PLANS.md). Each ends in (created_at desc, id desc),
 * the list's order and keyset, so a page is read straight off the index and stops after `limit`
 * rows: no sort of everything that matches. The initial schema already serves a status filter
 * (tickets_status_created), no filter or a date range (tickets_created) and text (tickets_text_trgm).
 */
export async function up(knex: Knex): Promise<void> {
  // A department's queue: its tickets in one status (the workbench's tabs).
  await knex.raw('create index tickets_department_status_created on tickets (department_id, status, created_at desc, id desc)');
  // A handler's or a department filter's list without a status: everything the department holds.
  await knex.raw('create index tickets_department_created on tickets (department_id, created_at desc, id desc)');
  // A partner system sees only what it handed in; most tickets come from staff, hence partial.
  await knex.raw(
    'create index tickets_api_key_created on tickets (created_by_api_key_id, created_at desc, id desc) where created_by_api_key_id is not null',
  );
  // Statistics on the searched text itself (the GIN index gives the planner none): without them
  // every `ilike '%...%'` is guessed at about 1% of the rows, and for a rare phrase the planner
  // walks tickets_created newest first through most of the table instead of asking the trigram index.
  await knex.raw(`create statistics tickets_search_text_stats on ((coalesce(title, '') || ' ' || description)) from tickets`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop statistics if exists tickets_search_text_stats');
  await knex.raw('drop index if exists tickets_api_key_created');
  await knex.raw('drop index if exists tickets_department_created');
  await knex.raw('drop index if exists tickets_department_status_created');
}
