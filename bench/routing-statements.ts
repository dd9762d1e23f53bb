/**
 * What routing costs per ticket in round trips: creates N phone tickets (the intake benchmark's
 * mix, no worker running), then routes them with `routeMany` (one batch, as the routing worker does
 * with the jobs it holds) and with `routeTicket` one at a time, counting the SQL statements each
 * way sends (knex's `query` event; BEGIN and COMMIT included).
 *
 *   npm run build && node dist/bench/routing-statements.js [N=100]
 *
 * BENCH_DATABASE_URL (default postgres://root@127.0.0.1:5432/hotline_bench_statements, recreated)
 * and BENCH_REDIS_URL (default redis://127.0.0.1:6379/12, keys under `bench-statements`).
 */
import { loadConfig } from '../src/config';
import { createContainer } from '../src/container';
import type { UserPrincipal } from '../src/shared/principal';
import { intakeBody } from './lib/calls';
import { prepareDatabase } from './lib/database';
import { runMain } from './lib/main';
import { clearQueues } from './lib/processes';
import { makeStaff } from './lib/staff';
import { seededRandom } from './lib/stats';

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 100);
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/hotline_bench_statements';
  const target = { databaseUrl, redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/12', queuePrefix: 'bench-statements' };
  await prepareDatabase(databaseUrl, { fresh: true });
  await clearQueues(target);
  const c = await createContainer(loadConfig({ DATABASE_URL: databaseUrl, REDIS_URL: target.redisUrl, QUEUE_PREFIX: target.queuePrefix, NODE_ENV: 'production', PHONE_INDEX_SECRET: 'benchmark-phone-index-key', LOG_LEVEL: 'silent' }));
  let statements = 0;
  c.db.on('query', () => void statements++);
  try {
    const staff = await makeStaff(c.db, 'operator');
    const operator: UserPrincipal = { kind: 'user', userId: staff.id, username: 'bench', role: 'operator', departmentId: staff.departmentId };
    const rnd = seededRandom(19);
    const create = async () => (await c.tickets.createTicket(operator, intakeBody(rnd, 'phone') as never)).ticket.id;
    const batch = await Promise.all(Array.from({ length: n }, create));
    const single = await Promise.all(Array.from({ length: n }, create));

    statements = 0;
    let t0 = performance.now();
    const decisions = await c.routing.routeMany(batch);
    const batchMs = performance.now() - t0;
    const batchStatements = statements;

    statements = 0;
    t0 = performance.now();
    for (const id of single) await c.routing.routeTicket(id);
    const singleMs = performance.now() - t0;
    const singleStatements = statements;

    const kinds = decisions.map((d) => (d instanceof Error ? 'error' : (d?.kind ?? 'nothing to do')));
    const tally = new Map<string, number>();
    for (const k of kinds) tally.set(k, (tally.get(k) ?? 0) + 1);
    const counted = [...tally].map(([k, v]) => `${k} ${v}`).join(', ');
    process.stdout.write(
      [
        `tickets routed each way: ${n} (${counted})`,
        `one batch (routeMany):      ${batchStatements} SQL statements = ${(batchStatements / n).toFixed(2)} per ticket, ${batchMs.toFixed(0)} ms`,
        `one at a time (routeTicket): ${singleStatements} SQL statements = ${(singleStatements / n).toFixed(2)} per ticket, ${singleMs.toFixed(0)} ms`,
        '(after commit each ticket also costs its job moves and the SLA plan hand-over in Redis, and the worker marks its outbox message done: one statement for all the jobs finishing together)',
      ].join('\n') + '\n',
    );
  } finally {
    await c.close();
  }
}

runMain(main);
