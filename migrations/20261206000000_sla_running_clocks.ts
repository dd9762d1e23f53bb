import type { Knex } from 'knex';

/**
 * The running clocks, one row per ticket whose department clock runs: its due and at-risk moments,
 * with the dimensions the metrics filter by. The dashboard counts at-risk and overdue tickets from
 * these few rows (docs/PERFORMANCE.md section 5) instead of working the moments out over the open
 * tickets at every read (31–35 ms at 3 M tickets, most of it fetching their wide rows).
 *
 * A trigger keeps the table from the ticket row itself, in the ticket's own transaction: every path
 * that changes a status, a due time or a department (actions, routing batches, extensions, admin
 * fixes) is covered without any of them knowing, so the counts stay exactly those of the tickets.
 *
 * The expressions must stay those of slaSql (src/modules/sla/sla-rules.ts) character for character:
 * RUNNING_DUE is slaSql.runningDue (with new.), RISK_AT is slaSql.riskAt of it, so a stored moment
 * is the value the read used to work out (test/integration/sla-running-clocks.test.ts).
 */
const RUNNING_DUE = `coalesce(case new.status when 'dispatched' then new.accept_due_at when 'accepted' then new.reply_due_at end, 'infinity')`;
const RISK_AT = (due: string) =>
  `to_timestamp(round(extract(epoch from new.dispatched_at) * 1000 + (extract(epoch from ${due}) - extract(epoch from new.dispatched_at)) * 1000 * 0.8) / 1000.0)`;

/** What decides the row: a change to none of these leaves it as it is. */
const WATCHED = ['status', 'dispatched_at', 'accept_due_at', 'reply_due_at', 'department_id', 'line', 'channel'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sla_running_clocks', (t) => {
    t.bigInteger('ticket_id').primary().references('tickets.id').onDelete('CASCADE');
    t.integer('department_id');
    t.text('line').notNullable();
    t.text('channel').notNullable();
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.timestamp('at_risk_at', { useTz: true }).notNullable();
  });
  // A clock runs while dispatched (accept) or accepted (reply), with a due time and a dispatch
  // moment: the rows the read used to select from tickets.
  await knex.raw(`
    create function sla_running_clocks_sync() returns trigger language plpgsql as $$
    declare
      due timestamptz := ${RUNNING_DUE};
    begin
      if due < 'infinity' and new.dispatched_at is not null then
        insert into sla_running_clocks (ticket_id, department_id, line, channel, due_at, at_risk_at)
        values (new.id, new.department_id, new.line, new.channel, due, ${RISK_AT('due')})
        on conflict (ticket_id) do update set department_id = excluded.department_id, line = excluded.line,
          channel = excluded.channel, due_at = excluded.due_at, at_risk_at = excluded.at_risk_at;
      elsif tg_op = 'UPDATE' then
        delete from sla_running_clocks where ticket_id = new.id;
      end if;
      return null;
    end $$;
    create trigger tickets_running_clock_insert after insert on tickets for each row
      when (new.status in ('dispatched', 'accepted'))
      execute function sla_running_clocks_sync();
    create trigger tickets_running_clock_update after update of ${WATCHED.join(', ')} on tickets for each row
      when ((old.status in ('dispatched', 'accepted') or new.status in ('dispatched', 'accepted'))
        and (${WATCHED.map((c) => `old.${c}`).join(', ')}) is distinct from (${WATCHED.map((c) => `new.${c}`).join(', ')}))
      execute function sla_running_clocks_sync();
  `);
  // The clocks already running (about a week's open tickets; the index tickets_clock_due finds them).
  const row = (sql: string) => sql.replaceAll('new.', 't.');
  await knex.raw(`
    insert into sla_running_clocks (ticket_id, department_id, line, channel, due_at, at_risk_at)
    select t.id, t.department_id, t.line, t.channel, ${row(RUNNING_DUE)}, ${row(RISK_AT(RUNNING_DUE))}
    from tickets t
    where t.status in ('dispatched', 'accepted') and t.dispatched_at is not null and ${row(RUNNING_DUE)} < 'infinity'`);
  await knex.raw('analyze sla_running_clocks');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger if exists tickets_running_clock_update on tickets');
  await knex.raw('drop trigger if exists tickets_running_clock_insert on tickets');
  await knex.raw('drop function if exists sla_running_clocks_sync()');
  await knex.schema.dropTableIfExists('sla_running_clocks');
}
