import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeUndefined, filter, kw } from './fixtures.ts';

describe('default', () => {
  it('replaces undefined values, JS undefined included', () => {
    assert.equal(filter('default', new FakeUndefined(), ['fallback']), 'fallback');
    assert.equal(filter('d', undefined, ['fb']), 'fb');
    assert.equal(filter('default', new FakeUndefined()), '');
  });

  it('keeps defined values, even None, false and empty strings', () => {
    assert.equal(filter('default', 'value', ['fb']), 'value');
    assert.equal(filter('default', '', ['fb']), '');
    assert.equal(filter('default', false, ['fb']), false);
    assert.equal(filter('default', null, ['fb']), null);
  });

  it('replaces falsy values with boolean=true', () => {
    assert.equal(filter('default', 0, ['fb'], kw({ boolean: true })), 'fb');
    assert.equal(filter('default', 1, ['fb', true]), 1);
  });
});

describe('attr', () => {
  it('looks an attribute up through the environment', () => {
    assert.equal(typeof filter('attr', 'abc', ['upper']), 'function');
  });

  it('gives Undefined for a missing attribute', () => {
    assert.ok(filter('attr', 'abc', ['nope']) instanceof FakeUndefined);
  });
});
