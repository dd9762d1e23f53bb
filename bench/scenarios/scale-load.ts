/**
 * Bulk-loads a year of tickets with their timelines and the metric aggregates straight in SQL (no
 * API): generate_series batches with the secondary indexes dropped, then the indexes rebuilt. The
 * mix follows Shanghai 2016: 45% answered on the spot, 8.5% cancelled, 1% handed to 110, the rest
 * dispatched; tickets of the last days are still open. Aggregates are written as the metrics
 * observer would have written them and the compaction worker then sealed them (every key in its
 * sealed row, every month and year in its rollups: the state right after a compaction pass), and
 * the running clocks as the tickets' trigger would have kept them, so `verifyMetrics` can check the
 * loader at small sizes.
 */
import type { Db } from '../../src/db/knex';
import { SEALED_SHARD, dailyCounters, intakeHourCounters } from '../../src/modules/metrics/metric-counters';
import { bumpSealGeneration } from '../../src/modules/metrics/metric-compaction.repository';
import { refillRunningClocks } from '../../src/modules/sla';
import { onTheSpotCalls, routableCalls, unroutableTexts } from '../lib/calls';

export interface LoadReport {
  tickets: number;
  events: number;
  seconds: { tickets: number; events: number; aggregates: number; indexes: number; analyze: number; total: number };
  indexSeconds: Record<string, number>;
  databaseBytes: number;
}

const BATCH = 250_000;

async function secondaryIndexes(db: Db): Promise<{ name: string; def: string }[]> {
  const { rows } = await db.raw(
    `select i.indexname as name, i.indexdef as def from pg_indexes i
      where i.schemaname = 'public' and i.tablename in ('tickets', 'ticket_events')
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
  );
  return rows;
}

const timed = async (work: () => Promise<unknown>) => {
  const t0 = performance.now();
  await work();
  return (performance.now() - t0) / 1000;
};

/** Loads `count` tickets created over the 365 days before `end`, ids continuing after those present. */
export async function bulkLoad(db: Db, count: number, end: Date, log: (s: string) => void): Promise<LoadReport> {
  const texts = [...routableCalls.flatMap((c) => c.texts), ...unroutableTexts];
  const answers = onTheSpotCalls.map((c) => c.text);
  const depts: number[] = (await db('departments').whereIn('kind', ['bureau', 'district_bureau', 'district']).orderBy('id').pluck('id'));
  const started = performance.now();
  const indexes = await secondaryIndexes(db);
  // One connection for the session settings: knex's pool would hand each statement another.
  return db.transaction(async (tx) => {
    await tx.raw(`set local synchronous_commit = off`);
    await tx.raw(`set local maintenance_work_mem = '1GB'`);
    await tx.raw(`set local session_replication_role = replica`); // no FK checks or triggers while loading
    for (const ix of indexes) await tx.raw(`drop index if exists "${ix.name}"`);
    const [{ base }] = (await tx.raw(`select coalesce(max(id), 0)::bigint as base from tickets`)).rows;

    const tTickets = await timed(async () => {
      for (let lo = 1; lo <= count; lo += BATCH) {
        const hi = Math.min(count, lo + BATCH - 1);
        await tx.raw(ticketSql, [end, Number(base) + lo, Number(base) + hi, depts, texts, answers]);
        log(`  tickets ${hi.toLocaleString('en-US')} / ${count.toLocaleString('en-US')}`);
      }
    });
    const tEvents = await timed(async () => {
      for (let lo = 1; lo <= count; lo += BATCH) {
        const hi = Math.min(count, lo + BATCH - 1);
        await tx.raw(eventSql, [Number(base) + lo, Number(base) + hi]);
      }
      log('  timelines written');
    });
    const tAggregates = await timed(async () => {
      await tx.raw('truncate metric_daily, metric_duration_buckets, metric_status_counts, metric_monthly, metric_monthly_duration_buckets, metric_yearly, metric_yearly_duration_buckets, metric_monthly_department_buckets, metric_yearly_department_buckets');
      await tx.raw(dailySql);
      await tx.raw(hourSql);
      await tx.raw(bucketSql);
      await tx.raw(`insert into metric_status_counts (department_id, line, channel, status, shard, n)
                    select coalesce(department_id, 0), line, channel, status, ${SEALED_SHARD}, count(*) from tickets group by 1, 2, 3, 4`);
      for (const sql of rollupsSql) await tx.raw(sql);
      await bumpSealGeneration(tx);
      // The trigger that keeps the running clocks is off while loading (session_replication_role).
      await refillRunningClocks(tx);
      log('  metric aggregates and running clocks written');
    });
    const indexSeconds: Record<string, number> = {};
    const tIndexes = await timed(async () => {
      for (const ix of indexes) indexSeconds[ix.name] = Math.round((await timed(() => tx.raw(ix.def))) * 10) / 10;
      log(`  ${indexes.length} indexes rebuilt`);
    });
    await tx.raw(`select setval('tickets_id_seq', (select max(id) from tickets))`);
    const [{ n: events }] = (await tx.raw(`select count(*)::bigint as n from ticket_events`)).rows;
    return { tTickets, tEvents, tAggregates, tIndexes, indexSeconds, events: Number(events) };
  }).then(async (r) => {
    const tAnalyze = await timed(() => db.raw('vacuum analyze tickets, ticket_events, metric_daily, metric_duration_buckets, metric_status_counts, metric_monthly, metric_monthly_duration_buckets, metric_yearly, metric_yearly_duration_buckets, metric_monthly_department_buckets, metric_yearly_department_buckets, sla_running_clocks'));
    const [{ bytes }] = (await db.raw(`select pg_database_size(current_database())::bigint as bytes`)).rows;
    const round = (s: number) => Math.round(s * 10) / 10;
    return {
      tickets: count,
      events: r.events,
      seconds: {
        tickets: round(r.tTickets),
        events: round(r.tEvents),
        aggregates: round(r.tAggregates),
        indexes: round(r.tIndexes),
        analyze: round(tAnalyze),
        total: round((performance.now() - started) / 1000),
      },
      indexSeconds: r.indexSeconds,
      databaseBytes: Number(bytes),
    };
  });
}

// $1 end, $2 department ids, $3 texts, $4 on-the-spot texts, $5..$6 the ids to write.
// Fates: <.452 answered, <.537 cancelled, <.547 transferred to 110, else dispatched; a dispatched
// ticket is closed unless it is recent (open for days 0..7), 0.5% of replies are late.
const ticketSql = `
with s as (
  select g, date_trunc('second', ?::timestamptz - random() * interval '365 days') as ts,
         random() as fate, random() as r_dept, random() as r_line, random() as r_ch, random() as r_text,
         random() as r_text2, random() as r_late, random() as r_open, random() as r_out, random() as r_acc
  from generate_series(?::bigint, ?::bigint) g
), p as (select ?::int[] as depts, ?::text[] as texts, ?::text[] as answers),
f as (
  select s.*, p.*,
    case when fate < .452 then 'answered' when fate < .537 then 'cancelled' when fate < .547 then 'transferred_110' else 'dispatched' end as fate_kind,
    extract(epoch from (now() - ts)) / 86400 as age_days
  from s, p
), t as (
  select f.*,
    case when fate_kind <> 'dispatched' then fate_kind
         when age_days < 2 then case when r_open < .4 then 'dispatched' else 'accepted' end
         when age_days < 7 then case when r_open < .3 then 'accepted' when r_open < .6 then 'replied' else 'closed' end
         else 'closed' end as status,
    ts + interval '1 second' as disp_at,
    ts + interval '1 second' + (600 + floor(r_acc * 14000)) * interval '1 second' as acc_at,
    case when r_late < .005 then ts + interval '5 days 1 hour' + floor(r_acc * 80000) * interval '1 second'
         else ts + interval '1 second' + (7200 + floor(r_late * 300000)) * interval '1 second' end as rep_at
  from f
)
insert into tickets (id, ticket_no, line, channel, type, urgency, status, title, description, citizen_name, citizen_phone,
                     callback_consent, address, answer, department_id, created_at, updated_at, first_dispatched_at, dispatched_at,
                     accepted_at, replied_at, closed_at, accept_due_at, reply_due_at, return_due_at, reply_result, reply_outcome)
select g,
  to_char(ts at time zone 'Asia/Shanghai', 'YYYYMMDD') || '-' || lpad(g::text, 7, '0'),
  case when fate_kind = 'answered' then '12345' when r_line < .05 then '12369' when r_line < .08 then '110' else '12345' end,
  case when fate_kind = 'answered' then 'phone' when r_line >= .05 and r_line < .08 then 'transfer'
       when r_ch < .03 then 'web' when r_ch < .055 then 'app' when r_ch < .07 then 'wechat' when r_ch < .075 then 'email' else 'phone' end,
  case when fate_kind = 'answered' then 'consult' else (array['help','complaint','complaint','help','report','consult','suggestion','praise'])[1 + floor(r_text2 * 8)::int] end,
  'normal', status, null,
  case when fate_kind = 'answered' then answers[1 + floor(r_text * array_length(answers, 1))::int]
       else texts[1 + floor(r_text * array_length(texts, 1))::int] || '。地址：' || (array['长宁路','漕溪北路','浦东大道','四平路','沪闵路','共和新路','淮海中路','江场路'])[1 + floor(r_text2 * 8)::int] || (1 + (g % 1999)) || '号' end,
  '市民', '139' || lpad((g % 100000000)::text, 8, '0'), true, null,
  case when fate_kind = 'answered' then '已当场解答' end,
  case when fate_kind = 'dispatched' then depts[1 + floor(power(r_dept, 2.5) * array_length(depts, 1))::int] end,
  ts,
  case status when 'answered' then ts when 'cancelled' then ts + interval '10 minutes' when 'transferred_110' then ts + interval '1 minute'
              when 'dispatched' then disp_at when 'accepted' then acc_at when 'replied' then rep_at else rep_at + interval '1 day' end,
  case when fate_kind = 'dispatched' then disp_at end,
  case when fate_kind = 'dispatched' then disp_at end,
  case when status in ('accepted', 'replied', 'closed') then acc_at end,
  case when status in ('replied', 'closed') then rep_at end,
  case status when 'answered' then ts when 'cancelled' then ts + interval '10 minutes' when 'transferred_110' then ts + interval '1 minute'
              when 'closed' then rep_at + interval '1 day' end,
  case when fate_kind = 'dispatched' then disp_at + interval '1 day' end,
  case when fate_kind = 'dispatched' then disp_at + interval '5 days' end,
  case when fate_kind = 'dispatched' then disp_at + interval '2 days' end,
  case when status in ('replied', 'closed') then '已处理完毕' end,
  case when status in ('replied', 'closed') then case when r_out < .91 then 'resolved' when r_out < .95 then 'partly' when r_out < .97 then 'unresolved' else 'explained' end end
from t`;

// The survey answer of a closed ticket, from a hash of its id: 80% satisfied, 13% basically, 3.5%
// dissatisfied (second time: escalated), 3.5% unreachable after three calls.
const eventSql = `
insert into ticket_events (ticket_id, action, actor_type, from_status, to_status, department_id, data, created_at)
select t.id, e.action, 'system', e.from_status, e.to_status, e.dept, e.data, e.at
from tickets t
cross join lateral (select (t.id * 2654435761) % 1000 as h) hv
cross join lateral (values
  (1, 'create', null, case when t.status = 'answered' then 'answered' else 'pending_dispatch' end, null::int,
      jsonb_build_object('line', t.line, 'channel', t.channel), t.created_at, true),
  (2, 'route', 'pending_dispatch', 'dispatched', t.department_id, '{}'::jsonb, t.first_dispatched_at, t.first_dispatched_at is not null),
  (3, 'accept', 'dispatched', 'accepted', t.department_id, '{}'::jsonb, t.accepted_at, t.accepted_at is not null),
  (4, 'reply', 'accepted', 'replied', t.department_id, jsonb_build_object('outcome', t.reply_outcome), t.replied_at, t.replied_at is not null),
  (5, 'survey', 'replied', 'closed', t.department_id,
      case when hv.h < 800 then jsonb_build_object('reached', true, 'satisfaction', 'satisfied', 'resolved', 'resolved')
           when hv.h < 930 then jsonb_build_object('reached', true, 'satisfaction', 'basically_satisfied', 'resolved', 'partly')
           when hv.h < 965 then jsonb_build_object('reached', true, 'satisfaction', 'dissatisfied', 'resolved', 'not', 'escalated', true)
           else jsonb_build_object('reached', false, 'attempt', 3, 'unreachable', true) end,
      t.closed_at, t.status = 'closed' and t.replied_at is not null),
  (6, 'cancel', 'pending_dispatch', 'cancelled', null::int, '{}'::jsonb, t.closed_at, t.status = 'cancelled'),
  (7, 'transfer-110', 'pending_dispatch', 'transferred_110', null::int, '{}'::jsonb, t.closed_at, t.status = 'transferred_110')
) e(ord, action, from_status, to_status, dept, data, at, applies)
where t.id between ? and ? and e.applies
order by t.id, e.ord`;

const day = (col: string) => `(${col} at time zone 'Asia/Shanghai')::date`;
const ms = (a: string, b: string) => `(extract(epoch from ${a} - ${b}) * 1000)::bigint`;

const dailySql = `
insert into metric_daily (day, department_id, line, channel, shard, intake, answered_on_spot, dispatched, accepted, accepted_on_time, accept_ms,
                          replied, replied_on_time, reply_ms, resolved, transferred_110, survey_answered, survey_satisfied, survey_basically,
                          survey_dissatisfied, survey_unreachable, survey_resolved_asked, survey_resolved_yes, auto_routed)
select day, dept, line, channel, ${SEALED_SHARD}, sum(intake), sum(on_spot), sum(disp), sum(acc), sum(acc_ok), sum(acc_ms), sum(rep), sum(rep_ok), sum(rep_ms),
       sum(res), sum(t110), sum(s_ans), sum(s_sat), sum(s_bas), sum(s_dis), sum(s_unr), sum(s_rask), sum(s_ryes),
       -- every generated dispatch is routing's own (its event is a 'route'): auto-routed as often as dispatched
       sum(disp)
from (
  select ${day('created_at')} as day, coalesce(department_id, 0) as dept, line, channel, 1 as intake, (status = 'answered')::int as on_spot,
         0 as disp, 0 as acc, 0 as acc_ok, 0::bigint as acc_ms, 0 as rep, 0 as rep_ok, 0::bigint as rep_ms, 0 as res, 0 as t110,
         0 as s_ans, 0 as s_sat, 0 as s_bas, 0 as s_dis, 0 as s_unr, 0 as s_rask, 0 as s_ryes from tickets
  union all
  select ${day('first_dispatched_at')}, department_id, line, channel, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 from tickets where first_dispatched_at is not null
  union all
  select ${day('accepted_at')}, department_id, line, channel, 0, 0, 0, 1, (accepted_at <= accept_due_at)::int, ${ms('accepted_at', 'dispatched_at')},
         0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 from tickets where accepted_at is not null
  union all
  select ${day('replied_at')}, department_id, line, channel, 0, 0, 0, 0, 0, 0, 1, (replied_at <= reply_due_at)::int, ${ms('replied_at', 'dispatched_at')},
         (reply_outcome = 'resolved')::int, 0, 0, 0, 0, 0, 0, 0, 0 from tickets where replied_at is not null
  union all
  select ${day('closed_at')}, 0, line, channel, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0 from tickets where status = 'transferred_110'
  union all
  select ${day('e.created_at')}, e.department_id, t.line, t.channel, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
         coalesce(e.data->>'reached' = 'true', false)::int, coalesce(e.data->>'satisfaction' = 'satisfied', false)::int,
         coalesce(e.data->>'satisfaction' = 'basically_satisfied', false)::int, coalesce(e.data->>'satisfaction' = 'dissatisfied', false)::int,
         coalesce(e.data->>'unreachable' = 'true', false)::int, coalesce(e.data->>'reached' = 'true' and e.data->>'resolved' is not null, false)::int,
         coalesce(e.data->>'reached' = 'true' and e.data->>'resolved' = 'resolved', false)::int
  from ticket_events e join tickets t on t.id = e.ticket_id where e.action = 'survey'
) f group by 1, 2, 3, 4`;

// Intake per Shanghai hour, on the same rows as the intake above (a generated ticket keeps its department).
const hourSql = `
insert into metric_daily (day, department_id, line, channel, shard, ${intakeHourCounters.join(', ')})
select ${day('created_at')}, coalesce(department_id, 0), line, channel, ${SEALED_SHARD},
       ${intakeHourCounters.map((_, h) => `count(*) filter (where extract(hour from created_at at time zone 'Asia/Shanghai') = ${h})`).join(', ')}
from tickets group by 1, 2, 3, 4
on conflict (day, department_id, line, channel, shard) do update set ${intakeHourCounters.map((c) => `${c} = metric_daily.${c} + excluded.${c}`).join(', ')}`;

// bucketOf in metric-counters.ts: floor(log2(seconds) * 16), 0 under a second, at most 400.
const bucket = (msExpr: string) => `case when ${msExpr} < 1000 then 0 else least(400, floor(log(2.0, (${msExpr})::numeric / 1000) * 16))::int end`;
const bucketSql = `
insert into metric_duration_buckets (day, department_id, line, channel, kind, bucket, shard, n)
select day, department_id, line, channel, kind, b, ${SEALED_SHARD}, count(*) from (
  select ${day('accepted_at')} as day, department_id, line, channel, 'accept' as kind, ${bucket(ms('accepted_at', 'dispatched_at'))} as b from tickets where accepted_at is not null
  union all
  select ${day('replied_at')}, department_id, line, channel, 'reply', ${bucket(ms('replied_at', 'dispatched_at'))} from tickets where replied_at is not null
) d group by 1, 2, 3, 4, 5, 6`;

// Each month's and year's rollup is the sum of its sealed days, as the compaction keeps it.
const counters = dailyCounters.join(', ');
const sums = dailyCounters.map((c) => `sum(${c})`).join(', ');
const rollupSql = (period: 'month' | 'year', level: 'monthly' | 'yearly') => [
  `insert into metric_${level} (${period}, department_id, line, channel, ${counters})
   select date_trunc('${period}', day)::date, department_id, line, channel, ${sums}
   from metric_daily where shard = ${SEALED_SHARD} group by 1, 2, 3, 4`,
  `insert into metric_${level}_duration_buckets (${period}, department_id, line, channel, kind, bucket, n)
   select date_trunc('${period}', day)::date, department_id, line, channel, kind, bucket, sum(n)
   from metric_duration_buckets where shard = ${SEALED_SHARD} group by 1, 2, 3, 4, 5, 6`,
  `insert into metric_${level}_department_buckets (${period}, department_id, kind, bucket, n)
   select date_trunc('${period}', day)::date, department_id, kind, bucket, sum(n)
   from metric_duration_buckets where shard = ${SEALED_SHARD} group by 1, 2, 3, 4`,
];
const rollupsSql = [...rollupSql('month', 'monthly'), ...rollupSql('year', 'yearly')];
