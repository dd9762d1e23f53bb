import { expect } from 'chai';
import { ApiRouter } from '../../src/http/api-router';
import { actionBodies, actions, allowsActor, allowsFrom, httpActions, transitions } from '../../src/modules/tickets';
import { registerTicketActionRoutes } from '../../src/modules/tickets/ticket-actions.routes';

describe('each action declared once (tickets/actions.ts)', () => {
  it('when the transition table and the bodies are read, then each is exactly what its action declares', () => {
    for (const [name, d] of Object.entries(actions)) {
      expect(transitions[name as keyof typeof actions], name).to.deep.equal({ from: d.from, to: d.to, by: d.by });
      expect(actionBodies[name as keyof typeof actions], name).to.equal(d.body);
    }
    expect(allowsFrom('recall', 'accepted')).to.equal(true);
    expect(allowsFrom('recall', 'returned')).to.equal(false);
    expect(allowsActor('urge', 'handler')).to.equal(true);
    expect(allowsActor('reply', 'dispatcher')).to.equal(false);
  });

  it('when the action routes are registered, then each person-taken action has its route, with the roles and the body it declares, and the system-only ones have none', () => {
    const router = new ApiRouter();
    registerTicketActionRoutes(router, { engine: {} as never, tickets: {} as never, view: () => null });
    const routes = new Map(router.routes.map((r) => [r.path, r]));
    for (const name of httpActions) {
      const route = routes.get(`/tickets/:ref/${name}`);
      if (!route) throw new Error(`no route for ${name}`);
      expect(route.schemas?.body, name).to.equal(actions[name].body);
      const roles = 'roles' in route.access ? route.access.roles : [];
      expect(roles, name).to.deep.equal(actions[name].by.filter((a) => !['system', 'citizen', 'partner'].includes(a)));
    }
    for (const name of ['route', 'classify', 'follow-parent']) expect(routes.has(`/tickets/:ref/${name}`), name).to.equal(false);
  });
});
