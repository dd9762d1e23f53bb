import type { Knex } from 'knex';

/**
 * Re-dispatched tickets (`tickets.redispatched`, issue 13): a returned ticket that a dispatcher sent
 * to another department counts for the department that returned it, on the day of the re-dispatch.
 * One column on the daily rows and their monthly and yearly rollups. Re-dispatches made before this
 * migration are counted into shard 0 of their day's row, exactly as the recount attributes them (the
 * department of the event before the re-dispatch), so metrics:verify stays at 0 differences; the
 * compaction seals those rows (and adds them to the rollups) like any other.
 */
const TABLES = ['metric_daily', 'metric_monthly', 'metric_yearly'];

export async function up(knex: Knex): Promise<void> {
  for (const table of TABLES) {
    await knex.schema.alterTable(table, (t) => {
      t.bigInteger('redispatched').notNullable().defaultTo(0);
    });
  }
  await knex.raw(
    `insert into metric_daily (day, department_id, line, channel, shard, redispatched)
     select (e.created_at at time zone 'Asia/Shanghai')::date, p.department_id, t.line, t.channel, 0, count(*)
     from ticket_events e
     join tickets t on t.id = e.ticket_id
     join lateral (
       select b.department_id from ticket_events b where b.ticket_id = e.ticket_id and b.id < e.id order by b.id desc limit 1
     ) p on true
     where e.from_status = 'returned' and e.to_status = 'dispatched'
       and p.department_id is not null and p.department_id is distinct from e.department_id
     group by 1, 2, 3, 4
     on conflict (day, department_id, line, channel, shard) do update set redispatched = metric_daily.redispatched + excluded.redispatched`,
  );
}

export async function down(knex: Knex): Promise<void> {
  for (const table of TABLES) {
    await knex.schema.alterTable(table, (t) => {
      t.dropColumn('redispatched');
    });
  }
}
