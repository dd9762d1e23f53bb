import type { Knex } from 'knex';

/**
 * One clock's queue (`clock=accept|reply`, with overdue or atRisk) by due time. tickets_due holds both
 * clocks interleaved, so at 3 M tickets the reply clock's overdue page skipped 17,000 accept-clock rows
 * (docs/QUERY-PLANS.md). The expression must stay slaSql.runningDue (src/modules/sla/sla-rules.ts)
 * character for character; partial: only tickets whose clock runs.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `create index tickets_clock_due on tickets (status, (coalesce(case status when 'dispatched' then accept_due_at when 'accepted' then reply_due_at end, 'infinity')), created_at desc, id desc) where status in ('dispatched', 'accepted')`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists tickets_clock_due');
}
