/**
 * The query plans of `GET /api/v1/tickets` on a realistic volume (docs/QUERY-PLANS.md records them).
 *
 *   npm run build && node dist/bench/ticket-list-plans.js [tickets, default 20000]
 *
 * Drops and recreates the scratch database in PLANS_DATABASE_URL (default
 * postgres://root@127.0.0.1:5432/hotline_plans; its name must end in `_plans`), migrates it, loads
 * the reference data, generates the tickets (generateTickets, also used by the plan test), then
 * prints EXPLAIN ANALYZE of the exact SQL the list route runs for each filter combination.
 */
import pg from 'pg';
import { createDb, type Db, type Tx } from '../src/db/knex';
import { loadReferenceData } from '../src/reference-data';
import { Writable } from 'node:stream';
import { CategoryCatalog, createCategoriesRepository } from '../src/modules/categories';
import { DepartmentDirectory, createDepartmentsRepository } from '../src/modules/departments';
import { slaFlags, slaSql } from '../src/modules/sla';
import { writeTicketExport, type ExportFormat } from '../src/modules/tickets/ticket-export';
import { createTicketListRepository, ticketListQuery, type TicketListFilter, type TicketListRepository } from '../src/modules/tickets/ticket-list.repository';

const url = new URL(process.env.PLANS_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/hotline_plans');
const dbName = url.pathname.slice(1);
const count = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 20_000);

const phrases = [
  '小区旁工地夜间施工噪音很大', '餐馆油烟直排扰民', '工厂排放废气气味刺鼻', '河道有黑臭现象', '路灯不亮已经一周',
  '窨井盖缺失存在安全隐患', '共享单车乱停放堵塞人行道', '垃圾分类点长期满溢', '小区停水没有提前通知', '楼道堆放杂物',
  '公交车到站不停', '出租车拒载', '商铺占道经营', '违章搭建阳台', '物业不作为', '电梯经常故障', '邻居装修噪声扰民',
  '渣土车沿路撒漏', '绿化带被毁', '广场舞音响声音过大', '医保报销咨询', '居住证办理流程咨询', '公积金提取咨询',
  '幼儿园入园政策咨询', '拖欠工资', '预付卡商家跑路', '食品过期仍在销售', '停车收费不合理', '道路积水严重', '燃气费计费有误',
];

async function recreateDatabase(): Promise<void> {
  if (!dbName.endsWith('_plans')) throw new Error(`refusing to drop ${dbName}: the scratch database's name must end in _plans`);
  const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
  await admin.connect();
  await admin.query(`drop database if exists "${dbName}" with (force)`);
  await admin.query(`create database "${dbName}"`);
  await admin.end();
}

/**
 * A year of intake in one INSERT ... SELECT, the same every time (seeded): tickets older than 20
 * days mostly closed, recent ones open; departments skewed so the busiest (the lowest id that takes
 * tickets) holds about 16% of them; 10% from the given partner keys; Chinese descriptions from 30
 * phrases plus an address number. Serials start at 9000001, clear of real ones. Then ANALYZE, and
 * the trigram entries moved out of GIN's pending list (as autovacuum would), where the planner
 * would price them as a scan of their own. Runs in a transaction, so a test can roll it all back.
 */
export async function generateTickets(tx: Tx, count: number, apiKeyIds: number[]): Promise<void> {
  await tx.raw('select setseed(0.2017)');
  await tx.raw(
    `with depts as (select array_agg(id order by id) as ids from departments where kind not in ('centre', 'external')),
     districts as (select array_agg(id order by id) as dids from departments where kind = 'district'),
     cats as (select array_agg(id order by id) as cids from categories c where not exists (select 1 from categories k where k.parent_id = c.id)),
     s as (
       select g, now() - random() * interval '365 days' as ts, random() as r_status, random() as r_dept,
              random() as r_line, random() as r_channel, random() as r_key, random() as r_title,
              1 + floor(random() * array_length(?::text[], 1))::int as p1, 1 + floor(random() * array_length(?::text[], 1))::int as p2
       from generate_series(1, ?) g
     ),
     t as (
       select s.*, case
         when ts > now() - interval '20 days' then
           case when r_status < .10 then 'pending_dispatch' when r_status < .45 then 'dispatched' when r_status < .75 then 'accepted'
                when r_status < .90 then 'replied' else 'returned' end
         else case when r_status < .05 then 'answered' when r_status < .08 then 'cancelled' when r_status < .10 then 'merged'
                   when r_status < .11 then 'transferred_110' else 'closed' end
       end as status
       from s
     )
     insert into tickets (ticket_no, line, channel, type, urgency, status, title, description, department_id,
                          created_by_api_key_id, created_at, updated_at, dispatched_at, reply_due_at,
                          accept_due_at, category_id, district_id, emergency_kind, pending_extension_days, reopened_at)
     select to_char(ts at time zone 'Asia/Shanghai', 'YYYYMMDD') || '-' || (9000000 + g),
            case when r_line < .7 then '12345' when r_line < .9 then '12369' else '110' end,
            case when r_channel < .7 then 'phone' when r_channel < .8 then 'web' when r_channel < .9 then 'app'
                 when r_channel < .95 then 'transfer' when r_channel < .98 then 'wechat' else 'email' end,
            (array['consult', 'help', 'complaint', 'report', 'suggestion', 'praise'])[1 + g % 6],
            case when g % 50 = 0 then 'critical' when g % 10 = 0 then 'urgent' else 'normal' end, status,
            case when r_title < .3 then (?::text[])[p1] end,
            (?::text[])[p1] || '，' || (?::text[])[p2] || '，地址：某路' || (g % 999) || '号',
            case when status not in ('pending_dispatch', 'answered', 'transferred_110')
                 then ids[1 + floor(power(r_dept, 3) * array_length(ids, 1))::int] end,
            case when r_key < .1 then (?::int[])[1 + floor(r_key * 10 * cardinality(?::int[]))::int] end,
            ts, ts,
            case when status not in ('pending_dispatch', 'answered', 'transferred_110') then ts + interval '1 hour' end,
            case when status not in ('pending_dispatch', 'answered', 'transferred_110') then ts + interval '7 days' end,
            case when status not in ('pending_dispatch', 'answered', 'transferred_110') then ts + interval '1 day' end,
            cids[1 + g % array_length(cids, 1)],
            dids[1 + g % array_length(dids, 1)],
            -- A few markers, as a real day has them: possible emergencies in the pool, extensions to decide, reopened tickets.
            case when status = 'pending_dispatch' and g % 97 = 0 then 'gas' end,
            case when status = 'accepted' and g % 31 = 0 then 3 end,
            case when status in ('dispatched', 'accepted') and g % 53 = 0 then ts + interval '2 days' end
     from t, depts, districts, cats`,
    [phrases, phrases, count, phrases, phrases, phrases, apiKeyIds, apiKeyIds],
  );
  await tx.raw('analyze tickets');
  await tx.raw(`select gin_clean_pending_list('tickets_text_trgm')`);
}

/** The ids of the first top-level category with sub-categories, and of everything under it. */
async function categorySubtree(db: Db): Promise<number[]> {
  const top = (await db('categories as c').whereNull('c.parent_id').whereExists(db('categories as k').whereRaw('k.parent_id = c.id')).orderBy('c.id').first('c.code')).code as string;
  return db('categories').where('code', top).orWhere('code', 'like', `${top}.%`).pluck('id');
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** What GET /tickets costs for a filter, page and (capped) total together, over `runs` reads after one to warm. */
async function timePage(list: TicketListRepository, filter: TicketListFilter, runs: number): Promise<{ p50: number; p95: number; total: string }> {
  const times: number[] = [];
  let total = '';
  for (let i = 0; i <= runs; i++) {
    const started = process.hrtime.bigint();
    const page = await list.page(filter);
    if (i > 0) times.push(Number(process.hrtime.bigint() - started) / 1e6);
    total = page.totalCapped ? `≥${page.total}` : String(page.total);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), total };
}

/** An export of every matching ticket to nowhere: its time, and how far the heap grew while it ran. */
async function timeExport(list: TicketListRepository, db: Db, format: ExportFormat, limitRows: number): Promise<string> {
  const directory = new DepartmentDirectory(createDepartmentsRepository(db));
  const catalog = new CategoryCatalog(createCategoriesRepository(db));
  await Promise.all([directory.reload(), catalog.reload()]);
  // The newest `limitRows` tickets: a from/to that holds about that many.
  const { rows } = await db.raw('select created_at from tickets order by created_at desc offset ? limit 1', [limitRows - 1]);
  const from = rows[0].created_at as Date;
  let peak = 0;
  const base = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed - base)), 50);
  const started = Date.now();
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done();
    },
  });
  const n = await writeTicketExport(list, { now: new Date(), from }, format, { directory, catalog, sla: slaFlags, now: new Date() }, sink);
  clearInterval(sampler);
  return `| ${format} | ${n} | ${Date.now() - started} ms | ${(bytes / 1e6).toFixed(1)} MB | ${(peak / 1e6).toFixed(0)} MB |`;
}

async function cases(db: Db): Promise<[string, TicketListFilter][]> {
  const dept = async (code: string) => (await db('departments').where({ code }).first('id')).id as number;
  const busiest = (await db('tickets').whereNotNull('department_id').groupBy('department_id').orderByRaw('count(*) desc').first('department_id')).department_id as number;
  const district = await dept('310104');
  const subtree = (await db('departments').where({ id: district }).orWhere({ parent_id: district }).pluck('id')) as number[];
  const someTicketNo = (await db('tickets').orderBy('id').first('ticket_no')).ticket_no as string;
  const partnerKey = (await db('api_keys').orderBy('id').first('id')).id as number;
  const now = new Date();
  const base = { now, limit: 50 };
  const page2 = (await db('tickets').where({ department_id: busiest }).orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]).offset(49).first('id')) as { id: number };
  const page2At = (await db.raw(`select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as t from tickets where id = ?`, [page2.id])).rows[0].t as string;
  return [
    ['staff, no filter (first page)', { ...base }],
    ['status=dispatched', { ...base, statuses: ['dispatched'] }],
    ['status=dispatched,accepted', { ...base, statuses: ['dispatched', 'accepted'] }],
    ['department queue: one department, status=dispatched (a short queue)', { ...base, departmentIds: [busiest], statuses: ['dispatched'] }],
    ['department queue: one department, status=closed (a long queue)', { ...base, departmentIds: [busiest], statuses: ['closed'] }],
    ['department queue, page 2 (cursor)', { ...base, departmentIds: [busiest], after: { createdAt: page2At, id: page2.id } }],
    ['handler of a leaf department, no status', { ...base, departmentIds: [busiest] }],
    [`handler of a district (subtree of ${subtree.length} departments)`, { ...base, departmentIds: subtree }],
    ['partner key: its own tickets', { ...base, createdByApiKeyId: partnerKey }],
    ['overdue=true', { ...base, overdue: true }],
    ['q=路123号 (a rare substring: about 20 tickets)', { ...base, q: '路123号' }],
    ['q=夜间施工 (a common substring: 1 ticket in 15)', { ...base, q: '夜间施工' }],
    ['handler of a leaf department searching q=路123号', { ...base, departmentIds: [busiest], q: '路123号' }],
    ['q=拒载 (2 characters: too short for trigrams)', { ...base, q: '拒载' }],
    [`q=${someTicketNo} (a ticket number)`, { ...base, q: someTicketNo }],
    ['from/to: one week', { ...base, from: new Date(now.getTime() - 14 * 86_400_000), to: new Date(now.getTime() - 7 * 86_400_000) }],
    ['line=110', { ...base, lines: ['110'] }],
    // Issue 13's queues and filters.
    ['sort=due, no filter (the centre, soonest due first)', { ...base, sort: 'due' }],
    ['overdue=true, sort=due (either clock)', { ...base, overdue: true, sort: 'due' }],
    ['atRisk=true, sort=due', { ...base, atRisk: true, sort: 'due' }],
    ['clock=accept, overdue=true', { ...base, clock: ['accept'], overdue: true, sort: 'due' }],
    ['clock=reply, overdue=true', { ...base, clock: ['reply'], overdue: true, sort: 'due' }],
    ['department overdue (a league row), sort=due', { ...base, departmentIds: [busiest], overdue: true, sort: 'due' }],
    ['the pool: status=pending_dispatch,returned, sort=pool', { ...base, statuses: ['pending_dispatch', 'returned'], sort: 'pool' }],
    ['emergency=true', { ...base, emergency: true }],
    ['pendingExtension=true', { ...base, pendingExtension: true }],
    ['reopened=true', { ...base, reopened: true }],
    ['escalated=true', { ...base, escalated: true }],
    ['deliveryFailed=true', { ...base, deliveryFailed: true }],
    ['categoryCode (a top-level category: its subtree)', { ...base, categoryIds: await categorySubtree(db) }],
    ['districtCode=310104', { ...base, districtId: district }],
    ['type=help', { ...base, types: ['help'] }],
    ['urgency=critical', { ...base, urgencies: ['critical'] }],
    ['channel=web, from/to one month', { ...base, channels: ['web'], from: new Date(now.getTime() - 60 * 86_400_000), to: new Date(now.getTime() - 30 * 86_400_000) }],
    ['department + type + urgency', { ...base, departmentIds: [busiest], types: ['complaint'], urgencies: ['urgent'] }],
  ];
}

/** `--reuse`: read the plans again on the database a previous run generated (after a new migration), without the long load. */
const reuse = process.argv.includes('--reuse');

async function main(): Promise<void> {
  if (!reuse) await recreateDatabase();
  const db = createDb(url.toString(), { min: 0, max: 2 });
  try {
    await db.migrate.latest();
    if (!reuse) {
      await loadReferenceData(db);
      const keyIds: number[] = [];
      for (const name of ['app', 'web', '110', 'open311']) {
        const [{ id }] = await db('api_keys')
          .insert({ name, key_prefix: name, key_hash: `bench-${name}`, channels: ['app'], lines: ['12345'] })
          .returning('id');
        keyIds.push(id);
      }
      const started = Date.now();
      await db.transaction((tx) => generateTickets(tx, count, keyIds));
      console.log(`${count} tickets generated in ${Date.now() - started} ms\n`);
    }
    await db.raw('analyze tickets');
    const all = await cases(db);
    for (const [name, filter] of all) {
      const { sql, bindings } = ticketListQuery(db, slaSql, filter).toSQL();
      const { rows } = await db.raw(`explain (analyze, costs off, timing off) ${sql}`, bindings);
      console.log(`### ${name}\n${rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n')}\n`);
    }
    const list = createTicketListRepository(db, slaSql);
    console.log(`GET /tickets at ${count} tickets: a page of 50 and its total (capped at 10,000), 20 reads each\n`);
    console.log('| filter | total | p50 | p95 |\n|---|---|---|---|');
    for (const [name, filter] of all) {
      const t = await timePage(list, filter, 20);
      console.log(`| ${name} | ${t.total} | ${t.p50.toFixed(1)} ms | ${t.p95.toFixed(1)} ms |`);
    }
    const exportRows = Math.min(100_000, count);
    console.log(`\nExport of the newest ${exportRows} tickets\n\n| format | rows | time | size | heap growth (peak) |\n|---|---|---|---|---|`);
    for (const format of ['csv', 'xlsx'] as const) console.log(await timeExport(list, db, format, exportRows));
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
