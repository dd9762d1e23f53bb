import { expect } from 'chai';
import { isolatedHarness, type Harness } from '../support/harness';

/** Handing outbox messages to their queues: together per queue, and one bad message holds up no other. */
describe('outbox hand-over', () => {
  let h: Harness;

  before(async () => {
    h = await isolatedHarness({ env: { QUEUE_PREFIX: `outbox-hand-over-${process.pid}` } });
  });

  const write = (payloads: Record<string, unknown>[]): Promise<{ id: number; topic: string; payload: Record<string, unknown> }[]> =>
    h.c.db('outbox').insert(payloads.map((payload) => ({ topic: 'ticket.route', payload, created_at: new Date() }))).returning(['id', 'topic', 'payload']);
  const rows = (ids: number[]) => h.c.db('outbox').whereIn('id', ids).orderBy('id').select('id', 'published_at', 'attempts', 'last_error');

  it('when a batch of messages for one queue is handed over, then each becomes its job and is marked handed over', async () => {
    const messages = await write([{ ticketIds: [101, 104] }, { ticketIds: [102] }, { ticketIds: [103] }]);
    expect(await h.c.publisher.publish(messages)).to.equal(3);
    const jobs = await Promise.all(messages.map((m) => h.c.queues.get('routing').getJob(`outbox-${m.id}`)));
    expect(jobs.map((j) => j?.data)).to.deep.equal([{ ticketIds: [101, 104] }, { ticketIds: [102] }, { ticketIds: [103] }]);
    expect((await rows(messages.map((m) => m.id))).every((r) => r.published_at !== null)).to.equal(true);
  });

  it('when one message of a batch cannot be handed over, then the others are, and it alone stays in the outbox with its error', async () => {
    const messages = await write([{ ticketIds: [201] }, { ticketIds: [202, -1] }, { ticketIds: [203] }]);
    expect(await h.c.publisher.publish(messages)).to.equal(2);
    const [good1, bad, good2] = await rows(messages.map((m) => m.id));
    expect(good1.published_at).to.not.equal(null);
    expect(good2.published_at).to.not.equal(null);
    expect(bad).to.include({ published_at: null, attempts: 1 });
    expect(bad.last_error).to.be.a('string').and.not.equal('');
    expect(await h.c.queues.get('routing').getJob(`outbox-${messages[1].id}`)).to.equal(undefined);
  });

  it('when a message written before batches had one job each names a single ticket, then its job names that ticket in the new form', async () => {
    const [message] = await write([{ ticketId: 301 }]);
    expect(await h.c.publisher.publish([message])).to.equal(1);
    expect((await h.c.queues.get('routing').getJob(`outbox-${message.id}`))?.data).to.deep.equal({ ticketIds: [301] });
  });
});
