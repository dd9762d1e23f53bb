// Routing that learns from people (issue 17): the model's opinion on the timeline, corrections as
// training examples, retraining that is kept only if no worse on the fixed test split, restore.
import { expect } from 'chai';
import request from 'supertest';
import { loadCorpus } from '../../src/modules/routing/routing-corpus';
import { loadTextModel } from '../../src/modules/routing/text-model';
import { makeUser, ticketBody, type TestUser } from '../support/factories';
import { startWorkers } from '../../workers';
import { RETRAIN_PATTERN, startRoutingTrainingWorker } from '../../workers/routing-training.worker';
import { harness, isolatedHarness, type Harness } from '../support/harness';

describe('routing learns from dispatchers (issue 17)', () => {
  let h: Harness;
  let operator: TestUser;
  let dispatcher: TestUser;

  before(async () => {
    h = await harness();
    operator = await makeUser(h, 'operator');
    dispatcher = await makeUser(h, 'dispatcher');
  });
  afterEach(async () => {
    // Models trained here must not stay in use for other tests.
    await h.c.db('routing_models').update({ active: false });
    await h.c.db('routing_models').del();
  });

  const create = async (overrides: Record<string, unknown>) => {
    const res = await request(h.app).post('/api/v1/tickets').set(operator.auth).send(ticketBody({ categoryCode: undefined, ...overrides }));
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body as { id: number };
  };
  const routingEvent = async (id: number) => h.c.db('ticket_events').where({ ticket_id: id }).whereIn('action', ['route', 'classify']).first();

  // Decision rule changed on purpose (issue 17 follow-up): a call goes to the pool when the keyword lists and the model disagree.
  it('when the keyword lists and the model disagree about a call, then the ticket waits in the pool with the top 3 suggestions (the keywords\' leaf among them), the model version, its confidence and its words on the timeline', async () => {
    const t = await create({ description: '楼上邻居天天半夜装修敲墙', location: undefined });
    await h.c.routing.routeTicket(t.id);
    const ticket = await request(h.app).get(`/api/v1/tickets/${t.id}`).set(dispatcher.auth);
    expect(ticket.body.status).to.equal('pending_dispatch');
    const event = ticket.body.timeline.find((e: { action: string }) => e.action === 'classify');
    expect(event.data.model.version).to.equal((await h.c.routingLearning.currentModel()).version);
    expect(event.data.model.suggestions).to.have.length(3);
    expect(event.data.model.keywordCategoryCode).to.equal('CIVIL.NEIGHBOUR');
    expect(event.data.model.suggestions.map((s: { categoryCode: string }) => s.categoryCode)).to.include('CIVIL.NEIGHBOUR');
    expect(event.data.model.suggestions[0].categoryCode).to.not.equal('CIVIL.NEIGHBOUR');
    expect(event.data.model.words.length).to.be.above(0);
    expect(ticket.body.categoryCode).to.equal(null);
  });

  it('when a rule applies, then it decides whatever the model thinks (12369 goes to the district environment bureau)', async () => {
    const t = await create({ line: '12369', description: '楼下饭店的油烟直接排到阿拉窗口', location: { districtCode: '310105' } });
    const decision = await h.c.routing.routeTicket(t.id);
    expect(decision).to.deep.include({ kind: 'department', departmentCode: '310105-ENV', rule: '12369 to the district environment bureau' });
    const event = await routingEvent(t.id);
    expect(event.action).to.equal('route');
    expect(event.data.departmentCode).to.equal('310105-ENV');
  });

  it('when a dispatcher dispatches a ticket from the pool, then it becomes a labelled example with a leaf that department handles', async () => {
    const t = await create({ description: '我想反映个情况，晚上马路上黑乎乎的', location: { districtCode: '310104' } });
    await h.c.routing.routeTicket(t.id);
    expect((await h.c.db('tickets').where({ id: t.id }).first()).status).to.equal('pending_dispatch');
    const res = await request(h.app).post(`/api/v1/tickets/${t.id}/dispatch`).set(dispatcher.auth).send({ departmentCode: 'SH-TRANSPORT' });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const [example] = await h.c.db('routing_examples').where({ ticket_id: t.id });
    expect(example).to.deep.include({ source: 'pool_dispatch', department_code: 'SH-TRANSPORT' });
    expect(example.text).to.contain('晚上马路上黑乎乎的');
    const handled = await h.c.db('categories as c').join('departments as d', 'd.id', 'c.default_department_id').where('c.code', example.category_code).first('d.code');
    expect(handled.code).to.equal('SH-TRANSPORT');
  });

  it('when a handler returns a ticket as not theirs and a dispatcher re-dispatches it, then both are stored: the rejection and the corrected label', async () => {
    const handler = await makeUser(h, 'handler', 'SH-TRANSPORT');
    const t = await create({ description: '小区门口天天有人乱倒建筑垃圾，堆成山了', location: undefined, categoryCode: 'TRANSPORT.ROAD.POTHOLE' });
    await h.c.routing.routeTicket(t.id);
    expect((await h.c.db('tickets').where({ id: t.id }).first()).status).to.equal('dispatched');
    const returned = await request(h.app).post(`/api/v1/tickets/${t.id}/return`).set(handler.auth).send({ reason: '不是我们的事，是城管的' });
    expect(returned.status, JSON.stringify(returned.body)).to.equal(200);
    const redispatched = await request(h.app).post(`/api/v1/tickets/${t.id}/dispatch`).set(dispatcher.auth).send({ departmentCode: 'SH-GREENERY' });
    expect(redispatched.status, JSON.stringify(redispatched.body)).to.equal(200);
    const examples = await h.c.db('routing_examples').where({ ticket_id: t.id }).orderBy('id');
    expect(examples.map((e) => e.source)).to.deep.equal(['return', 'redispatch']);
    expect(examples[0]).to.deep.include({ department_code: 'SH-TRANSPORT', rejected_category_code: 'TRANSPORT.ROAD.POTHOLE', category_code: null });
    expect(examples[1].department_code).to.equal('SH-GREENERY');
    expect(examples[1].category_code).to.match(/^(CITY|GREENERY)\./);
  });

  it('when a handler returns a ticket as not theirs, then the next retraining learns that the call is not the category it had', async function () {
    this.timeout(240_000);
    const handler = await makeUser(h, 'handler', 'SH-TRANSPORT');
    // The shipped model takes this for a damaged road (0.97): the roads department knows it is the drains.
    const description = '楼下的路面塌了一块，像是下水管子漏了';
    const t = await create({ description, location: undefined, categoryCode: 'TRANSPORT.ROAD.POTHOLE' });
    await h.c.routing.routeTicket(t.id);
    const returned = await request(h.app).post(`/api/v1/tickets/${t.id}/return`).set(handler.auth).send({ reason: '不是道路的问题，不归我们管' });
    expect(returned.status, JSON.stringify(returned.body)).to.equal(200);
    const shipped = await h.c.routingLearning.currentModel();
    const returns = await h.c.db('routing_examples').where({ source: 'return' }).whereNotNull('rejected_category_code').count<{ count: string }[]>('* as count');

    const { model } = await h.c.routingLearning.train();
    const trained = loadTextModel((await h.c.db('routing_models').where({ id: model.id }).first()).model);
    expect(trained.data.trainedOn.rejections).to.equal(Number(returns[0].count));
    const text = `${(await h.c.db('tickets').where({ id: t.id }).first()).title ?? ''} ${description}`.trim();
    expect(shipped.scores(text)['TRANSPORT.ROAD.POTHOLE']).to.be.above(0.5);
    expect(trained.scores(text)['TRANSPORT.ROAD.POTHOLE']).to.be.below(shipped.scores(text)['TRANSPORT.ROAD.POTHOLE'] / 2);
  });

  it('when a retraining would make the test split worse, then it is refused and the model in use stays', async function () {
    // Training on the corpus and the lexicon (~30,000 examples) and 6,000 wrong labels, three times
    // (model-training.ts, SEEDS), costs ~75 s of CPU, up to ~3 min of wall time on a busy 2-core machine.
    this.timeout(360_000);
    const before = (await h.c.routingLearning.currentModel()).version;
    // A flood of consistently wrong labels: 2,000 training calls, each three times, marked as the next
    // leaf (a fixed number, so that the test's cost does not grow with the corpus).
    const leaves = [...new Set(loadCorpus().map((c) => c.label))].sort();
    const wrong = (label: string) => leaves[(leaves.indexOf(label) + 1) % leaves.length];
    const poisoned = loadCorpus().filter((c) => c.split === 'train').slice(0, 2000).flatMap((c) => [c, c, c]).map((c) => ({ ...c, label: wrong(c.label) }));
    const ticketId = (await create({ description: '训练样本的工单' })).id;
    await h.c.db.batchInsert('routing_examples', poisoned.map((c) => ({
      ticket_id: ticketId, text: c.text, category_code: c.label, department_code: 'HOTLINE', source: 'pool_dispatch', created_at: new Date(),
    })), 500);
    try {
      const { model, bar } = await h.c.routingLearning.train();
      expect(model.status).to.equal('refused');
      const { precision, coverage, keptForPerson, score } = model.testMetrics;
      expect(precision < bar.precision || coverage < bar.coverage || keptForPerson < bar.keptForPerson || score < bar.score).to.equal(true);
      expect(model.reason).to.match(/^refused/);
      expect((await h.c.routingLearning.currentModel()).version).to.equal(before);
    } finally {
      await h.c.db('routing_examples').where({ ticket_id: ticketId }).del();
    }
  });

  it('when a retraining is no worse, then it is used, and restoring puts the previous model back; while it trains, the process it runs in keeps answering', async function () {
    this.timeout(180_000);
    const shipped = (await h.c.routingLearning.currentModel()).version;
    // The corrections other tests stored are not this test's: training on the corpus alone is
    // deterministic, so the new model is exactly as good as the shipped one, which is "no worse".
    await h.c.db('routing_examples').del();
    // The nightly retraining runs in the worker process, beside routing, SLA timers and 110 hand-overs:
    // the longest the event loop is held up while it trains is what they would wait.
    const gaps: number[] = [];
    let last = performance.now();
    const beat = setInterval(() => gaps.push(-last + (last = performance.now())), 10);
    const started = performance.now();
    const { model } = await h.c.routingLearning.train().finally(() => clearInterval(beat));
    const trained = performance.now() - started;
    expect(trained, 'a real training, tens of seconds of CPU').to.be.above(5_000);
    expect(Math.max(...gaps), `longest wait of the event loop in ${Math.round(trained)} ms of training`).to.be.below(1_000);
    expect(model.status, model.reason).to.equal('accepted');
    expect((await h.c.routingLearning.currentModel()).version).to.equal(model.version);
    const t = await create({ description: '想问问居住证续签要啥材料', location: undefined });
    await h.c.routing.routeTicket(t.id);
    expect((await routingEvent(t.id)).data.model.version).to.equal(model.version);

    expect(await h.c.routingLearning.restore()).to.deep.equal({ restoredAway: model.version, nowActive: null });
    expect((await h.c.routingLearning.currentModel()).version).to.equal(shipped);
    expect(await h.c.routingLearning.restore()).to.equal(null);
  });

  it('when the workers start (twice, as two processes would), then one nightly retraining schedule exists in Shanghai time', async () => {
    const own = await isolatedHarness({ env: { QUEUE_PREFIX: `routing-training-${process.pid}` } });
    const first = await startRoutingTrainingWorker(own.c);
    const second = await startRoutingTrainingWorker(own.c);
    try {
      const schedulers = await own.c.queues.get('routingTraining').getJobSchedulers();
      expect(schedulers.map((s) => ({ key: s.key, pattern: s.pattern, tz: s.tz }))).to.deep.equal([{ key: 'routing-retrain', pattern: RETRAIN_PATTERN, tz: 'Asia/Shanghai' }]);
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  });

  it('when the workers start with ROUTING_RETRAIN=off, then the nightly schedule an earlier start made is gone and none is made', async () => {
    const env = { QUEUE_PREFIX: `routing-retrain-off-${process.pid}` };
    const on = await isolatedHarness({ env: { ...env, ROUTING_RETRAIN: 'on' } });
    const earlier = await startWorkers(on.c);
    await earlier.stop();
    const schedulers = () => on.c.queues.get('routingTraining').getJobSchedulers();
    expect((await schedulers()).map((s) => s.key)).to.deep.equal(['routing-retrain']);
    const off = await isolatedHarness({ env: { ...env, ROUTING_RETRAIN: 'off' } });
    const later = await startWorkers(off.c);
    try {
      expect(await schedulers()).to.deep.equal([]);
    } finally {
      await later.stop();
    }
  });
});
