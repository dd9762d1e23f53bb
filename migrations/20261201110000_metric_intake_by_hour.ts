import type { Knex } from 'knex';

/**
 * Intake per Shanghai hour (`intake.byHour`, issue 13), kept in the aggregates like every other
 * counter: 24 columns on the daily rows and their monthly and yearly rollups. Tickets taken before
 * this migration are counted into shard 0 of their day's row, exactly as the recount attributes them
 * (the creation day, the department the ticket was first sent to, or none), so metrics:verify stays
 * at 0 differences; the compaction worker seals those rows (and adds them to the rollups) like any other.
 */
const HOURS = Array.from({ length: 24 }, (_, h) => `intake_h${String(h).padStart(2, '0')}`);
const TABLES = ['metric_daily', 'metric_monthly', 'metric_yearly'];

export async function up(knex: Knex): Promise<void> {
  for (const table of TABLES) {
    await knex.schema.alterTable(table, (t) => {
      for (const c of HOURS) t.bigInteger(c).notNullable().defaultTo(0);
    });
  }
  const counts = HOURS.map((c, h) => `count(*) filter (where extract(hour from t.created_at at time zone 'Asia/Shanghai') = ${h}) as ${c}`).join(', ');
  await knex.raw(
    `insert into metric_daily (day, department_id, line, channel, shard, ${HOURS.join(', ')})
     select (t.created_at at time zone 'Asia/Shanghai')::date, coalesce(f.department_id, 0), t.line, t.channel, 0, ${counts}
     from tickets t
     left join lateral (
       select e.department_id from ticket_events e
       where e.ticket_id = t.id and e.to_status = 'dispatched' and e.action in ('route', 'dispatch', 'reopen', 'survey')
       order by e.id limit 1
     ) f on true
     group by 1, 2, 3, 4
     on conflict (day, department_id, line, channel, shard) do update set ${HOURS.map((c) => `${c} = metric_daily.${c} + excluded.${c}`).join(', ')}`,
  );
}

export async function down(knex: Knex): Promise<void> {
  for (const table of TABLES) {
    await knex.schema.alterTable(table, (t) => {
      t.dropColumns(...HOURS);
    });
  }
}
