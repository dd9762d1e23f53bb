import { expect } from 'chai';
import request from 'supertest';
import { notifyObservers, notifyObserversOfMany, type TicketChangeFact, type TicketChangeObserver } from '../../src/modules/tickets/ticket-observers';
import { makeUser, ticketBody } from '../support/factories';
import { harness, type Harness } from '../support/harness';
import { waitFor } from '../support/wait';

/**
 * The side effects of a ticket change run in two named phases: inside its transaction, then after
 * it committed (never after a rollback), each in the order of the one list in src/container.ts.
 */
describe('ticket change side effects: inTransaction, then afterCommit', () => {
  let h: Harness;
  const facts: TicketChangeFact[] = [];
  const rolledBack = new Error('rolled back on purpose');

  before(async () => {
    h = await harness();
    const operator = await makeUser(h, 'operator');
    for (const description of ['两个阶段之一', '两个阶段之二']) {
      const { id } = (await request(h.app).post('/api/v1/tickets').set(operator.auth).send(ticketBody({ description })).expect(201)).body as { id: number };
      const after = await h.c.db('tickets').where({ id }).first();
      const event = await h.c.db('ticket_events').where({ ticket_id: id }).orderBy('id').first();
      facts.push({ before: null, after, event });
    }
  });

  /** Observers that write down when each of their phases ran, and for which ticket. */
  function recording(...names: string[]) {
    const seen: string[] = [];
    const observers: TicketChangeObserver[] = names.map((name) => ({
      async inTransaction(_tx, fact) {
        seen.push(`${name} in ${fact.after.id}`);
      },
      afterCommit(fact) {
        seen.push(`${name} after ${fact.after.id}`);
      },
    }));
    return { seen, observers };
  }

  it('when a change commits, then each observer runs inside the transaction in the list order, and after the commit in the same order', async () => {
    const { seen, observers } = recording('surveys', 'metrics', 'live');
    const [fact] = facts;
    await h.c.db.transaction(async (tx) => {
      await notifyObservers(observers, tx, fact);
      expect(seen, 'nothing runs after commit before the commit').to.deep.equal([`surveys in ${fact.after.id}`, `metrics in ${fact.after.id}`, `live in ${fact.after.id}`]);
    });
    await waitFor('the after-commit phase', async () => seen.length === 6);
    expect(seen.slice(3)).to.deep.equal([`surveys after ${fact.after.id}`, `metrics after ${fact.after.id}`, `live after ${fact.after.id}`]);
  });

  it('when a change rolls back, then no after-commit phase runs', async () => {
    const { seen, observers } = recording('live');
    const failed = await h.c.db
      .transaction(async (tx) => {
        await notifyObservers(observers, tx, facts[0]);
        throw rolledBack;
      })
      .catch((err: Error) => err);
    expect(failed).to.equal(rolledBack);
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).to.deep.equal([`live in ${facts[0].after.id}`]);
  });

  it('when an after-commit observer throws, then the ones after it still run and the process goes on', async () => {
    const { seen, observers } = recording('live');
    const broken: TicketChangeObserver = {
      afterCommit() {
        throw new Error('a push that fails');
      },
    };
    await h.c.db.transaction((tx) => notifyObservers([broken, ...observers], tx, facts[0]));
    await waitFor('the observer after the broken one', async () => seen.includes(`live after ${facts[0].after.id}`));
  });

  it('when a batch of changes commits together, then the after-commit phase sees every change of it', async () => {
    const { seen, observers } = recording('live');
    await h.c.db.transaction((tx) => notifyObserversOfMany(observers, tx, facts));
    await waitFor('both changes after commit', async () => seen.filter((s) => s.includes('after')).length === 2);
    expect(seen).to.deep.equal([...facts.map((f) => `live in ${f.after.id}`), ...facts.map((f) => `live after ${f.after.id}`)]);
  });
});
