import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import * as flagon from 'flagon';

const doc = readFileSync(new URL('../../../../docs/errors.md', import.meta.url), 'utf8');

describe('docs/errors.md', () => {
  const errorClasses = Object.entries(flagon)
    .filter(([, value]) => typeof value === 'function' && (value as Function).prototype instanceof Error)
    .map(([name]) => name);

  it('finds the exported error classes to check', () => {
    assert.ok(errorClasses.includes('SetupError'));
    assert.ok(errorClasses.length > 40);
  });

  for (const name of errorClasses) {
    it(`documents ${name}`, () => {
      assert.ok(doc.includes(`\`${name}\``), `${name} is exported but docs/errors.md does not list it`);
    });
  }
});
