import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

// TypeScript 5's JS API (the `typescript5` alias that vue-tsc already uses): its pre-processor lists
// a file's imports, re-exports, requires and dynamic imports without being fooled by comments or strings.
const ts = require('typescript5') as typeof import('typescript5');

/**
 * The module a source file belongs to: `modules/<name>` for a feature module, the folder for the
 * other layers (`shared`, `http`, `db`, `queues`, `realtime`, `main`), the file for a top-level one
 * (`app`, `container`, `config`, ...). `workers/` is one module of its own.
 */
export function moduleOf(relative: string): string {
  const parts = relative.split('/');
  if (parts[0] === 'workers') return 'workers';
  if (parts[1] === 'modules') return `modules/${parts[2]}`;
  return parts.length > 2 ? parts[1] : parts[1].replace(/\.ts$/, '');
}

/** Resolves a relative specifier the way Node resolves the compiled output: `x.ts` or `x/index.ts`. */
function resolve(from: string, specifier: string, exists: (p: string) => boolean): string | null {
  const base = path.posix.join(path.posix.dirname(from), specifier).replace(/\.js$/, '');
  for (const candidate of [`${base}.ts`, `${base}/index.ts`]) if (exists(candidate)) return candidate;
  return null;
}

/** Module → module → the files of the first module that import the second (every import counts, types too). */
export type ModuleGraph = Map<string, Map<string, string[]>>;

/** The module graph of source files given as paths relative to the repository root (`src/...`, `workers/...`). */
export function moduleGraph(sources: ReadonlyMap<string, string>): ModuleGraph {
  const graph: ModuleGraph = new Map();
  for (const [file, text] of sources) {
    const from = moduleOf(file);
    for (const { fileName } of ts.preProcessFile(text, true, true).importedFiles) {
      if (!fileName.startsWith('.')) continue; // packages
      const target = resolve(file, fileName, (p) => sources.has(p));
      if (!target) continue; // package.json and other non-source files
      const to = moduleOf(target);
      if (to === from) continue;
      const edges = graph.get(from) ?? new Map<string, string[]>();
      graph.set(from, edges);
      edges.set(to, [...(edges.get(to) ?? []), file]);
    }
  }
  return graph;
}

/** Every group of modules that reach each other (Tarjan's strongly connected components of two or more). */
export function moduleCycles(graph: ModuleGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (m: string) => {
    index.set(m, index.size);
    low.set(m, index.get(m)!);
    stack.push(m);
    onStack.add(m);
    for (const next of graph.get(m)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(m, Math.min(low.get(m)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(m, Math.min(low.get(m)!, index.get(next)!));
    }
    if (low.get(m) !== index.get(m)) return;
    const component: string[] = [];
    let popped: string;
    do {
      popped = stack.pop()!;
      onStack.delete(popped);
      component.push(popped);
    } while (popped !== m);
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const m of graph.keys()) if (!index.has(m)) visit(m);
  return cycles;
}

/** The TypeScript sources under the given folders of the repository, keyed by their path from its root. */
export function readSources(root: string, folders: string[]): Map<string, string> {
  const sources = new Map<string, string>();
  const walk = (relative: string) => {
    for (const name of readdirSync(path.join(root, relative))) {
      const child = `${relative}/${name}`;
      if (statSync(path.join(root, child)).isDirectory()) walk(child);
      else if (name.endsWith('.ts')) sources.set(child, readFileSync(path.join(root, child), 'utf8'));
    }
  };
  for (const folder of folders) walk(folder);
  return sources;
}
