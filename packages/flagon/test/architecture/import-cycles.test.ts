import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findCycles, readImports } from './helpers/import-graph.ts';

const packagesRoot = fileURLToPath(new URL('../../../', import.meta.url));
/**
 * Cycles still to break, each with its reason; the test fails when one disappears too, so the list only
 * shrinks. TODO(#13): empty it.
 */
const KNOWN_CYCLES: Record<string, string[][]> = {
  // Attribute lookup finds str.format, whose `{0.name}` fields go back through attribute lookup: a real
  // recursion, not a shared constant; breaking it needs the lookup passed in or installed (a design choice).
  templates: [
    [
      'runtime/access.ts',
      'runtime/python-methods.ts',
      'runtime/python-methods/str-format.ts',
      'runtime/python-methods/str.ts',
    ],
  ],
};

const packages = readdirSync(packagesRoot).filter((name) => existsSync(`${packagesRoot}${name}/src`));

describe('import cycles in packages/*/src', () => {
  it('finds the packages to check', () => {
    assert.ok(packages.includes('flagon') && packages.includes('templates'));
  });

  for (const name of packages) {
    it(`finds none in ${name} (type-only and lazy imports included)`, () => {
      const cycles = findCycles(readImports(`${packagesRoot}${name}/src`));
      assert.deepEqual(cycles, KNOWN_CYCLES[name] ?? []);
    });
  }
});
