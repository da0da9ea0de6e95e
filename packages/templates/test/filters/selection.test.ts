import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { filter, kw, USERS } from './fixtures.ts';

const names = (items: unknown) => (items as { name: string }[]).map((u) => u.name).join(',');
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

describe('map', () => {
  it('applies a filter by name, with arguments', () => {
    assert.deepEqual(filter('map', ['a', 'b'], ['upper']), ['A', 'B']);
    assert.deepEqual(filter('map', ['abc', 'de'], ['replace', 'e', 'E']), ['abc', 'dE']);
    assert.deepEqual(filter('map', [[1, 2]], ['join', ',']), ['1,2']);
  });

  it('picks an attribute, dotted paths and indices allowed', () => {
    assert.deepEqual(filter('map', USERS, [], kw({ attribute: 'info.id' })), [7, 3, 5, 9]);
    assert.deepEqual(
      filter(
        'map',
        [
          ['a', 1],
          ['b', 2],
        ],
        [],
        kw({ attribute: 0 }),
      ),
      ['a', 'b'],
    );
  });

  it('uses the default for missing attributes but keeps None', () => {
    assert.deepEqual(filter('map', USERS, [], kw({ attribute: 'email', default: '-' })), [
      'ann@x.org',
      null,
      '-',
      'dee@x.org',
    ]);
  });

  it('rejects a missing filter name, unknown filters and stray keywords', () => {
    assert.throws(() => filter('map', [1]), { name: 'FilterArgumentError' });
    assert.throws(() => filter('map', [1], ['nope']), { name: 'TemplateRuntimeError' });
    assert.throws(() => filter('map', [1], [], kw({ attribute: 'a', other: 1 })), {
      name: 'FilterArgumentError',
    });
  });
});

describe('select and reject', () => {
  it('keep or drop items by a test, with arguments', () => {
    assert.deepEqual(filter('select', range(1, 8), ['odd']), [1, 3, 5, 7]);
    assert.deepEqual(filter('reject', range(1, 10), ['divisibleby', 3]), [1, 2, 4, 5, 7, 8]);
    assert.deepEqual(filter('select', ['a', 'b', 'a'], ['==', 'a']), ['a', 'a']);
    assert.deepEqual(filter('select', ['a', 'b', 'c'], ['in', 'ab']), ['a', 'b']);
    assert.deepEqual(filter('reject', [1, null, 2], ['none']), [1, 2]);
    assert.deepEqual(filter('select', range(0, 6), ['>', 3]), [4, 5]);
  });

  it('keep truthy items without a test', () => {
    assert.deepEqual(filter('select', [0, 1, '', 'a', null, []]), [1, 'a']);
    assert.deepEqual(filter('reject', [0, 1, '']), [0, '']);
  });

  it('reject unknown tests', () => {
    assert.throws(() => filter('select', [1], ['nope']), { name: 'TemplateRuntimeError' });
  });
});

describe('selectattr and rejectattr', () => {
  it('test an attribute of each item, truthiness by default', () => {
    assert.equal(names(filter('selectattr', USERS, ['admin'])), 'ann,cid');
    assert.equal(names(filter('selectattr', USERS, ['age', '>', 28])), 'ann,cid');
    assert.equal(names(filter('rejectattr', USERS, ['info.id', 'gt', 5])), 'bob,cid');
  });

  it('see missing attributes as undefined', () => {
    assert.equal((filter('selectattr', USERS, ['email', 'defined']) as unknown[]).length, 3);
    assert.equal((filter('rejectattr', USERS, ['missing']) as unknown[]).length, 4);
  });

  it('need an attribute name', () => {
    assert.throws(() => filter('selectattr', USERS), { name: 'FilterArgumentError' });
  });
});
