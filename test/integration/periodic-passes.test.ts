import type { Job } from 'bullmq';
import { expect } from 'chai';
import { startPeriodicWorker, type PeriodicPass } from '../../workers/periodic.worker';
import { isolatedHarness, type Harness } from '../support/harness';
import { waitFor } from '../support/wait';

/**
 * The cluster's periodic work (sweep, survey pass, metric compaction) as BullMQ job schedulers
 * instead of a timer in every worker process: one schedule per cluster, one run per tick.
 */
describe('periodic passes: one schedule per cluster', () => {
  let h: Harness;
  let serial = 0;
  const stops: (() => Promise<void>)[] = [];
  const slow = { sweep: 60_000, 'metric-compaction': 60_000 };

  beforeEach(async () => {
    h = await isolatedHarness({ env: { QUEUE_PREFIX: `periodic-${process.pid}-${++serial}` } });
  });
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  });

  /** A worker process's periodic worker, with the runs of each pass it completed. */
  const workerProcess = (everyMs: Partial<Record<PeriodicPass, number>>) => {
    const w = startPeriodicWorker(h.c, { everyMs });
    stops.push(w.stop);
    const completed: { pass: PeriodicPass; at: number }[] = [];
    w.worker.on('completed', (job: Job) => completed.push({ pass: job.data.job, at: Date.now() }));
    return { ...w, completed, runs: (pass: PeriodicPass) => completed.filter((r) => r.pass === pass).length };
  };
  const schedulers = () =>
    waitFor('the three schedulers', async () => {
      const all = await h.c.queues.get('maintenance').getJobSchedulers();
      return all.length === 3 ? all : undefined;
    });

  it('when two worker processes start, then the maintenance queue (on the queue board) has one scheduler per pass, at its configured interval', async () => {
    workerProcess({});
    workerProcess({});
    const found = await schedulers();
    expect(found.map((s) => [s.key, Number(s.every)]).sort()).to.deep.equal([
      ['metric-compaction', h.c.config.periodic.metricCompactionEveryMs],
      ['survey-pass', h.c.config.periodic.surveyPassEveryMs],
      ['sweep', h.c.config.sweep.everyMs],
    ]);
  });

  it('when two worker processes run a pass every 300 ms, then each tick runs it once in the cluster, not once per process', async () => {
    const a = workerProcess({ ...slow, 'survey-pass': 300 });
    const b = workerProcess({ ...slow, 'survey-pass': 300 });
    await schedulers();
    const started = Date.now();
    await new Promise((r) => setTimeout(r, 3000));
    const elapsed = Date.now() - started;
    const runs = a.runs('survey-pass') + b.runs('survey-pass');
    // A timer in each process would have run it about 2 × elapsed / 300 times (20 here).
    expect(runs, `${runs} runs in ${elapsed} ms`).to.be.within(3, Math.floor(elapsed / 300) + 2);
    // The sweep and the compaction ran once each, at once, though both processes upserted them.
    expect(a.runs('sweep') + b.runs('sweep')).to.equal(1);
    expect(a.runs('metric-compaction') + b.runs('metric-compaction')).to.equal(1);
  });

  it('when one of two worker processes dies, then the other goes on running the pass', async () => {
    const a = workerProcess({ ...slow, 'survey-pass': 200 });
    const b = workerProcess({ ...slow, 'survey-pass': 200 });
    await schedulers();
    await waitFor('a first run of the pass', async () => a.runs('survey-pass') + b.runs('survey-pass') > 0);
    // Killed: no graceful drain, its jobs in hand are abandoned.
    await a.worker.close(true);
    const killedAt = Date.now();
    await waitFor('three runs after the kill', async () => b.completed.filter((r) => r.pass === 'survey-pass' && r.at > killedAt).length >= 3, 10_000);
  });
});
