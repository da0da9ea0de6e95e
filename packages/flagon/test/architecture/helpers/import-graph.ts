import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** One import of a source file: where it points and how it is loaded. */
export interface ImportEdge {
  /** The importing file, relative to the root the graph was read from. */
  readonly from: string;
  /** The imported file, relative to the same root (relative specifiers only). */
  readonly to: string;
  /** `static` for `import`/`export … from` (types included), `lazy` for `import()` and `loadSync()`. */
  readonly kind: 'static' | 'lazy';
}

function sourceFiles(folder: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) files.push(path);
  }
  return files;
}

// Comments hold examples (`import { Flagon } from 'flagon'`) that are not imports.
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

const STATIC = /(?:^|[;\n])\s*(?:import|export)\s+(?:type\s+)?(?:[\w*$\s{},]*?\s+from\s+)?['"]([^'"]+)['"]/g;
const LAZY = /\b(?:import|loadSync)\(\s*['"]([^'"]+)['"]/g;

/**
 * The relative imports of every `.ts` file under `root`, type-only imports included: a type import ties the
 * layers together as much as a value import does (the declaration files import each other the same way).
 */
export function readImports(root: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of sourceFiles(root)) {
    const source = withoutComments(readFileSync(file, 'utf8'));
    const from = relative(root, file);
    for (const [pattern, kind] of [
      [STATIC, 'static'],
      [LAZY, 'lazy'],
    ] as const) {
      for (const match of source.matchAll(pattern)) {
        const specifier = match[1] as string;
        if (!specifier.startsWith('.')) continue;
        // loadSync takes a path relative to src/ without an extension (it adds the one it runs with).
        const target =
          kind === 'lazy' && match[0].startsWith('loadSync')
            ? resolve(root, `${specifier.replace(/^\.\//, '')}.ts`)
            : resolve(dirname(file), specifier);
        edges.push({ from, to: relative(root, target), kind });
      }
    }
  }
  return edges;
}

/** The import cycles among `edges` (strongly connected components of more than one file, or a self-import). */
export function findCycles(edges: readonly ImportEdge[]): string[][] {
  const graph = new Map<string, string[]>();
  for (const { from, to } of edges) {
    graph.set(from, [...(graph.get(from) ?? []), to]);
    if (!graph.has(to)) graph.set(to, []);
  }
  // Tarjan's algorithm.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}
