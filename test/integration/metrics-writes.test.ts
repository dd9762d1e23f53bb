import { expect } from 'chai';
import { createMetricsRepository } from '../../src/modules/metrics';
import type { Deltas } from '../../src/modules/metrics/metric-deltas';
import type { Tx } from '../../src/db/knex';
import { harness, type Harness } from '../support/harness';
import { statementsDuring } from '../support/statements';

/** Rolls the transaction back after `body`, so that the shared database keeps none of its rows. */
async function rolledBack(h: Harness, body: (tx: Tx) => Promise<void>): Promise<void> {
  const undo = new Error('roll back');
  await h.c.db.transaction(async (tx) => {
    await body(tx);
    throw undo;
  }).catch((err) => {
    if (err !== undo) throw err;
  });
}

const dayOf = (i: number) => new Date(Date.UTC(2031, 0, 1 + i)).toISOString().slice(0, 10);

describe('metric writes: a change adds to its three tables in one statement', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });

  it("when a change adds to the status counts, the daily counters and the durations, then one statement carries all three and each row is added once", async () => {
    const departmentId = h.c.directory.getByCode('310104-ENV')?.id as number;
    const dims = { day: dayOf(0), departmentId, line: '12345', channel: 'phone' };
    const deltas: Deltas = {
      status: [{ departmentId, line: '12345', channel: 'phone', status: 'accepted', n: 1 }],
      daily: [{ dims, counters: { accepted: 1, accepted_on_time: 1 } }],
      durations: [{ dims, kind: 'accept', bucket: 7 }],
    };
    await rolledBack(h, async (tx) => {
      const { statements } = await statementsDuring(h.c.db, () => createMetricsRepository(h.c.db).apply(tx, [{ deltas, shard: 3 }, { deltas, shard: 3 }]));
      expect(statements, 'statements sent').to.have.length(1);
      const daily = await tx('metric_daily').where({ day: dims.day, department_id: departmentId, shard: 3 }).first('accepted', 'accepted_on_time');
      expect(daily).to.deep.equal({ accepted: 2, accepted_on_time: 2 });
      const bucket = await tx('metric_duration_buckets').where({ day: dims.day, department_id: departmentId, kind: 'accept', bucket: 7, shard: 3 }).first('n');
      expect(Number(bucket?.n)).to.equal(2);
    });
  });

  it('when a recount adds to more rows than one statement can carry (65,535 parameters), then it is split and every row is written once', async () => {
    const departments = h.c.directory.list().slice(0, 10).map((d) => d.id);
    const dims = Array.from({ length: 300 }, (_, i) => departments.map((departmentId) => ({ day: dayOf(i), departmentId, line: '12345', channel: 'phone' }))).flat();
    const deltas: Deltas = {
      status: [],
      daily: dims.map((d) => ({ dims: d, counters: { intake: 2 } })),
      durations: dims.map((d) => ({ dims: d, kind: 'reply' as const, bucket: 1 })),
    };
    await rolledBack(h, async (tx) => {
      await createMetricsRepository(h.c.db).apply(tx, [{ deltas, shard: 0 }]);
      const [daily] = await tx('metric_daily').where('day', '>=', dayOf(0)).count({ rows: '*' }).sum({ intake: 'intake' });
      expect({ rows: Number(daily.rows), intake: Number(daily.intake) }).to.deep.equal({ rows: 3000, intake: 6000 });
      const [buckets] = await tx('metric_duration_buckets').where('day', '>=', dayOf(0)).count({ rows: '*' }).sum({ n: 'n' });
      expect({ rows: Number(buckets.rows), n: Number(buckets.n) }).to.deep.equal({ rows: 3000, n: 3000 });
    });
  });
});
