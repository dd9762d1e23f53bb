import type { Knex } from 'knex';

/**
 * Issue 17, routing measured in production: the auto-routing rate and the share of auto-routed
 * tickets later re-dispatched (the real-world misroute rate).
 * - `tickets.auto_route_redispatched`: null when routing never placed the ticket itself, false once
 *   it did, true once a dispatcher sent it on to another department after a return. One flag, so
 *   a ticket corrected twice counts once.
 * - counters `auto_routed` (routing sent the ticket to a department), `routing_pooled` (routing left
 *   it to a dispatcher; emergencies are not counted: a person must decide those) and
 *   `auto_redispatched` (the first such correction) in the daily aggregates and rollups.
 * Tickets written before are counted from their timelines into shard 0 of the event's day row,
 * exactly as the recount attributes them, so metrics:verify stays at 0 differences.
 */
const COUNTERS = ['auto_routed', 'routing_pooled', 'auto_redispatched'];
const TABLES = ['metric_daily', 'metric_monthly', 'metric_yearly'];

/** Each ticket's first re-dispatch to another department after a return, when routing had placed it. */
const firstCorrection = `
  select distinct on (e.ticket_id) e.ticket_id, e.id, e.created_at, e.department_id
  from ticket_events e
  where e.action = 'dispatch' and e.from_status = 'returned' and coalesce(e.data->>'returnRejected', 'false') <> 'true'
    and exists (select 1 from ticket_events r where r.ticket_id = e.ticket_id and r.action = 'route' and r.id < e.id)
  order by e.ticket_id, e.id`;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    t.boolean('auto_route_redispatched');
  });
  for (const table of TABLES) {
    await knex.schema.alterTable(table, (t) => {
      for (const c of COUNTERS) t.bigInteger(c).notNullable().defaultTo(0);
    });
  }
  await knex.raw(`update tickets t set auto_route_redispatched = exists (select 1 from (${firstCorrection}) c where c.ticket_id = t.id)
    where exists (select 1 from ticket_events r where r.ticket_id = t.id and r.action = 'route')`);
  await knex.raw(
    `insert into metric_daily (day, department_id, line, channel, shard, auto_routed, routing_pooled, auto_redispatched)
     select (x.created_at at time zone 'Asia/Shanghai')::date, coalesce(x.department_id, 0), t.line, t.channel, 0,
            count(*) filter (where x.kind = 'routed'), count(*) filter (where x.kind = 'pooled'), count(*) filter (where x.kind = 'corrected')
     from (
       select e.ticket_id, e.created_at, e.department_id, case when e.action = 'route' then 'routed' else 'pooled' end as kind
       from ticket_events e where e.action = 'route' or (e.action = 'classify' and e.data->>'emergencyKind' is null)
       union all
       select c.ticket_id, c.created_at, c.department_id, 'corrected' from (${firstCorrection}) c
     ) x join tickets t on t.id = x.ticket_id
     group by 1, 2, 3, 4
     on conflict (day, department_id, line, channel, shard) do update set ${COUNTERS.map((c) => `${c} = metric_daily.${c} + excluded.${c}`).join(', ')}`,
  );
}

export async function down(knex: Knex): Promise<void> {
  for (const table of TABLES) {
    await knex.schema.alterTable(table, (t) => t.dropColumns(...COUNTERS));
  }
  await knex.schema.alterTable('tickets', (t) => t.dropColumn('auto_route_redispatched'));
}
