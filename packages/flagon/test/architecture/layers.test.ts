import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type ImportEdge, readImports } from './helpers/import-graph.ts';

const src = fileURLToPath(new URL('../../src/', import.meta.url));
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The layers as the README lists them: each numbered item's backquoted paths, innermost first. */
function layersFromReadme(): string[][] {
  const section = readme.slice(readme.indexOf('## Layers'));
  const items = section.split('\n').filter((line) => /^\d+\. /.test(line));
  return items.map((line) =>
    [...(line.split(':')[0] as string).matchAll(/`([^`]+)`/g)].map((match) => match[1] as string),
  );
}

const layers = layersFromReadme();

/** The layer of a file: the most specific README path that contains it (`app/flagon.ts` before `app/`). */
function layerOf(file: string): number {
  let best = -1;
  let bestLength = -1;
  layers.forEach((paths, layer) => {
    for (const path of paths) {
      const matches = path.endsWith('/') ? file.startsWith(path) : file === path;
      if (matches && path.length > bestLength) {
        best = layer;
        bestLength = path.length;
      }
    }
  });
  return best;
}

const edges = readImports(src);

function describeEdge(edge: ImportEdge): string {
  return `${edge.from} (layer ${layerOf(edge.from) + 1}) imports ${edge.to} (layer ${layerOf(edge.to) + 1})`;
}

describe('layers of packages/flagon/src', () => {
  it('reads six layers from the README', () => {
    assert.equal(layers.length, 6);
    assert.deepEqual(layers[0], ['internal/', 'http/', 'routing/']);
  });

  it('places every source file in a layer', () => {
    const files = new Set(edges.flatMap((edge) => [edge.from, edge.to]));
    const unplaced = [...files].filter((file) => layerOf(file) === -1);
    assert.deepEqual(unplaced, [], 'add the folder of these files to the README layer list');
  });

  it('has no import, type-only ones included, from an inner layer to an outer one', () => {
    const outward = edges.filter((edge) => layerOf(edge.to) > layerOf(edge.from)).map(describeEdge);
    assert.deepEqual(outward, []);
  });

  it('keeps the core app class free of the outer layers', () => {
    const core = edges.filter((edge) => edge.from === 'app/app.ts').map((edge) => edge.to);
    assert.ok(core.length > 0, 'app/app.ts has imports to check');
    assert.deepEqual(
      core.filter((to) => /^(adapters|server|cli|testing)\//.test(to)),
      [],
    );
  });

  it('loads the outer layer from Flagon only lazily', () => {
    const eager = edges.filter(
      (edge) =>
        edge.from === 'app/flagon.ts' &&
        edge.kind === 'static' &&
        /^(adapters|server|cli|testing)\//.test(edge.to),
    );
    // Type-only imports are erased; only a value import would load the module with 'flagon'.
    const source = readFileSync(new URL('app/flagon.ts', `file://${src}`), 'utf8');
    const valueImports = eager.filter((edge) => {
      const line = source.split('\n').find((l) => l.includes(`'../${edge.to}'`)) ?? '';
      return !/^import type /.test(line);
    });
    assert.deepEqual(valueImports, []);
  });
});
