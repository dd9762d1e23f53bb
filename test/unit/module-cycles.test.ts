import { expect } from 'chai';
import path from 'node:path';
import { moduleCycles, moduleGraph, readSources, type ModuleGraph } from '../support/module-graph';

/** Each cycle with the files that make each of its edges, so a failure says what to move. */
function describeCycles(graph: ModuleGraph, cycles: string[][]): string {
  return cycles
    .map((members) =>
      members
        .flatMap((from) => members.filter((to) => graph.get(from)?.has(to)).map((to) => `  ${from} -> ${to}: ${graph.get(from)!.get(to)!.join(', ')}`))
        .join('\n'),
    )
    .join('\n\n');
}

describe('module imports (STYLE: a module uses another only through its index.ts, and never in a circle)', () => {
  it('when src/ and workers/ are walked, then no two modules import each other, directly or through others', () => {
    const root = path.resolve(__dirname, '../../..');
    const graph = moduleGraph(readSources(root, ['src', 'workers']));
    expect(graph.get('modules/tickets')?.size, 'the walker found the imports of the tickets module').to.be.greaterThan(3);
    const cycles = moduleCycles(graph);
    expect(cycles, `module import cycles:\n${describeCycles(graph, cycles)}`).to.deep.equal([]);
  });

  it('when a module reaches back to itself through two others, or imports only a type, then that is a cycle', () => {
    const graph = moduleGraph(
      new Map([
        ['src/modules/tickets/index.ts', "export { intake } from './ticket-intake';"],
        ['src/modules/tickets/ticket-intake.ts', "import { shanghaiDate } from '../sla';\nexport const intake = 1;"],
        ['src/modules/sla/index.ts', "import { WorkingCalendar } from '../../shared/calendar';\nexport const sla = 1;"],
        ['src/shared/calendar.ts', "// import { x } from '../modules/metrics';\nimport type { TicketRow } from '../modules/tickets';"],
        ['src/modules/metrics/index.ts', "import { intake } from '../tickets';"],
        ['src/http/api-router.ts', "const v = require('../../package.json');"],
      ]),
    );
    expect(moduleCycles(graph)).to.deep.equal([['modules/sla', 'modules/tickets', 'shared']]);
    expect(graph.get('shared')?.has('modules/metrics'), 'an import in a comment is not an import').to.equal(false);
  });
});
