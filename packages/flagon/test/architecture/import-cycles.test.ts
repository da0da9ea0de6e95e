import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findCycles, readImports } from './helpers/import-graph.ts';

const packagesRoot = fileURLToPath(new URL('../../../', import.meta.url));
const packages = readdirSync(packagesRoot).filter((name) => existsSync(`${packagesRoot}${name}/src`));

describe('import cycles in packages/*/src', () => {
  it('finds the packages to check', () => {
    assert.ok(packages.includes('flagon') && packages.includes('templates'));
  });

  for (const name of packages) {
    it(`finds none in ${name} (type-only and lazy imports included)`, () => {
      const cycles = findCycles(readImports(`${packagesRoot}${name}/src`));
      assert.deepEqual(cycles, []);
    });
  }
});
