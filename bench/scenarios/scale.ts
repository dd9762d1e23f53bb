/**
 * Scale: a year of tickets loaded straight into the database (10,000, then the large size), and
 * what people wait for at each size: the dashboard's metrics, a department's queue page, a lookup
 * by ticket number and a text search, each through the real web process over HTTP.
 */
import { createDb, type Db } from '../../src/db/knex';
import { recountDeps, verifyMetrics } from '../../src/modules/metrics';
import { createCategoriesRepository, CategoryCatalog } from '../../src/modules/categories';
import { createDepartmentsRepository, DepartmentDirectory } from '../../src/modules/departments';
import { dropDatabase, prepareDatabase } from '../lib/database';
import { createHttpClient } from '../lib/http-client';
import { freePort, startWeb, type BenchTarget } from '../lib/processes';
import { makeStaff } from '../lib/staff';
import { summarise, type LatencySummary } from '../lib/stats';
import { formatNumber, ms } from '../lib/table';
import { bulkLoad, type LoadReport } from './scale-load';
import type { ScenarioResult } from './types';

export interface ScaleOptions {
  /** The scratch database the scenario recreates (never the shared bench database). */
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  sizes: number[];
  /** Timed repetitions of each query. */
  repeat: number;
  /** Recount the metrics from the loaded tickets and compare (only at sizes up to this). */
  verifyUpTo: number;
  keep: boolean;
  /**
   * Time the queries on the database a `keep` run left (migrated first), without loading: to
   * compare a change's read paths on the same 3 M tickets without 6–20 minutes of loading each time.
   */
  reuse: boolean;
  log(line: string): void;
}

interface SizeResult {
  size: number;
  load: LoadReport;
  verify: { differences: number; figuresCompared: number } | null;
  queries: Record<string, LatencySummary & { rows: number | null }>;
}

const shanghaiDay = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

async function measure(db: Db, target: BenchTarget, repeat: number): Promise<SizeResult['queries']> {
  const web = await startWeb(target, await freePort());
  const http = createHttpClient(web.baseUrl, 4);
  try {
    const [busiest] = await db('tickets').whereIn('status', ['dispatched', 'accepted']).groupBy('department_id').orderBy('n', 'desc').limit(1).select('department_id', db.raw('count(*)::int as n'));
    const busiestCode = busiest ? (await db('departments').where({ id: busiest.department_id }).first('code')).code : 'SH-HOUSING';
    const supervisor = await makeStaff(db, 'supervisor');
    const handler = await makeStaff(db, 'handler', busiestCode);
    const ticketNos: string[] = (await db.raw(`select ticket_no from tickets tablesample system (1) limit ?`, [repeat * 2])).rows.map((r: { ticket_no: string }) => r.ticket_no);
    if (!ticketNos.length) ticketNos.push(...(await db('tickets').limit(repeat).pluck('ticket_no')));
    const today = new Date();
    const yearAgo = new Date(today.getTime() - 364 * 86_400_000);
    const q = (s: string) => encodeURIComponent(s);
    const queries: [string, string, Record<string, string>][] = [
      ['metrics: today (dashboard)', '/api/v1/metrics?window=today', supervisor.headers],
      ['metrics: this month', '/api/v1/metrics?window=month', supervisor.headers],
      ['metrics: last 365 days', `/api/v1/metrics?from=${shanghaiDay(yearAgo)}&to=${shanghaiDay(today)}`, supervisor.headers],
      ['metrics: one department, 365 days', `/api/v1/metrics?from=${shanghaiDay(yearAgo)}&to=${shanghaiDay(today)}&departmentId=${handler.departmentId}`, supervisor.headers],
      ["department queue page (handler's open tickets)", '/api/v1/tickets?status=dispatched,accepted&limit=50', handler.headers],
      ['department queue, all statuses', `/api/v1/tickets?departmentId=${handler.departmentId}&limit=50`, supervisor.headers],
      ['lookup by ticket number (with timeline)', '', supervisor.headers],
      ['text search, common phrase (夜间施工)', `/api/v1/tickets?q=${q('夜间施工')}&limit=50`, supervisor.headers],
      ['text search, rare address (沪闵路1234号)', `/api/v1/tickets?q=${q('沪闵路1234号')}&limit=50`, supervisor.headers],
      ['text search, two characters (漏水)', `/api/v1/tickets?q=${q('漏水')}&limit=50`, supervisor.headers],
    ];
    const out: SizeResult['queries'] = {};
    for (const [label, path, headers] of queries) {
      const samples: number[] = [];
      let rows: number | null = null;
      for (let i = 0; i < repeat + 3; i++) {
        const url = path || `/api/v1/tickets/${ticketNos[i % ticketNos.length]}`;
        const res = await http.request<{ items?: unknown[]; timeline?: unknown[] }>('GET', url, undefined, headers);
        if (res.status !== 200) throw new Error(`${label}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
        if (i >= 3) samples.push(res.ms); // the first three warm the caches and the process
        rows = res.body.items?.length ?? res.body.timeline?.length ?? null;
      }
      out[label] = { ...summarise(samples), rows };
    }
    return out;
  } finally {
    http.close();
    await web.stop();
  }
}

async function verify(db: Db): Promise<SizeResult['verify']> {
  const directory = new DepartmentDirectory(createDepartmentsRepository(db));
  const catalog = new CategoryCatalog(createCategoriesRepository(db));
  await Promise.all([directory.reload(), catalog.reload()]);
  const report = await verifyMetrics(db, recountDeps(db, catalog, directory), new Date());
  return { differences: report.differences.length, figuresCompared: report.figuresCompared };
}

export async function runScale(opts: ScaleOptions): Promise<ScenarioResult> {
  const target: BenchTarget = { databaseUrl: opts.databaseUrl, redisUrl: opts.redisUrl, queuePrefix: opts.queuePrefix };
  const results: SizeResult[] = [];
  await prepareDatabase(opts.databaseUrl, { fresh: !opts.reuse });
  const db = createDb(opts.databaseUrl, { min: 0, max: 4 });
  try {
    if (opts.reuse) {
      const [{ n }] = await db('tickets').count<{ n: string }[]>({ n: '*' });
      opts.log(`scale: reusing ${formatNumber(Number(n))} tickets; timing queries`);
      const load: LoadReport = { tickets: Number(n), events: 0, seconds: { tickets: 0, events: 0, aggregates: 0, indexes: 0, analyze: 0, total: 0 }, indexSeconds: {}, databaseBytes: 0 };
      results.push({ size: Number(n), load, verify: null, queries: await measure(db, target, opts.repeat) });
    }
    let loaded = 0;
    for (const size of opts.reuse ? [] : [...opts.sizes].sort((a, b) => a - b)) {
      opts.log(`scale: loading ${formatNumber(size - loaded)} more tickets (to ${formatNumber(size)})`);
      const load = await bulkLoad(db, size - loaded, new Date(), opts.log);
      loaded = size;
      const checked = size <= opts.verifyUpTo ? await verify(db) : null;
      opts.log(`scale: ${formatNumber(size)} tickets loaded in ${load.seconds.total} s; timing queries`);
      results.push({ size, load: { ...load, tickets: size }, verify: checked, queries: await measure(db, target, opts.repeat) });
    }
  } finally {
    await db.destroy();
    if (!opts.keep && !opts.reuse) await dropDatabase(opts.databaseUrl);
  }

  const labels = Object.keys(results[0].queries);
  const header = ['query', ...results.flatMap((r) => [`${formatNumber(r.size)}: p50`, `${formatNumber(r.size)}: p99`])];
  const table: (string | number | null)[][] = [header];
  for (const label of labels) table.push([label, ...results.flatMap((r) => [ms(r.queries[label].p50Ms), ms(r.queries[label].p99Ms)])]);
  const notes = results.map(
    (r) =>
      `${formatNumber(r.size)} tickets, ${formatNumber(r.load.events)} events: loaded in ${r.load.seconds.total} s ` +
      `(tickets ${r.load.seconds.tickets} s, events ${r.load.seconds.events} s, aggregates ${r.load.seconds.aggregates} s, indexes ${r.load.seconds.indexes} s, analyze ${r.load.seconds.analyze} s); ` +
      `database ${(r.load.databaseBytes / 2 ** 30).toFixed(2)} GiB` +
      (r.verify ? `; metrics recount: ${r.verify.differences} differences over ${formatNumber(r.verify.figuresCompared)} figures` : ''),
  );
  return { name: 'scale', title: `Scale: queries at ${results.map((r) => formatNumber(r.size)).join(' and ')} tickets (HTTP, sequential, ${opts.repeat} timed runs each)`, table, figures: { sizes: results }, notes };
}
