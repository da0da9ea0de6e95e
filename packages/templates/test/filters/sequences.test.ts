import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Markup } from '../../src/runtime/markup.ts';
import { evalContext, FakeUndefined, filter, kw, USERS } from './fixtures.ts';

describe('first, last and random', () => {
  it('first and last pick the ends of lists, strings and dict keys', () => {
    assert.equal(filter('first', [7, 8, 9]), 7);
    assert.equal(filter('first', { k1: 1, k2: 2 }), 'k1');
    assert.equal(filter('last', [7, 8, 9]), 9);
    assert.equal(filter('last', 'xyz'), 'z');
  });

  it('gives Undefined for an empty sequence', () => {
    assert.ok(filter('first', []) instanceof FakeUndefined);
    assert.ok(filter('last', '') instanceof FakeUndefined);
    assert.ok(filter('random', []) instanceof FakeUndefined);
  });

  it('random picks one of the items', () => {
    assert.ok([1, 2, 3].includes(filter('random', [1, 2, 3]) as number));
  });
});

describe('length, count and list', () => {
  it('counts characters in code points, items and keys', () => {
    assert.equal(filter('length', 'hello'), 5);
    assert.equal(filter('count', [1, 2, 3]), 3);
    assert.equal(filter('length', '日本'), 2);
    assert.equal(filter('length', 'a😀b'), 3);
    assert.equal(filter('length', { a: 1 }), 1);
    assert.equal(filter('length', new FakeUndefined()), 0);
  });

  it('rejects values without a length', () => {
    assert.throws(() => filter('length', 5), { name: 'TypeError' });
  });

  it('list makes a new list of characters, keys or items', () => {
    assert.deepEqual(filter('list', 'abc'), ['a', 'b', 'c']);
    assert.deepEqual(filter('list', { a: 1, b: 2 }), ['a', 'b']);
    const source = [1];
    assert.notEqual(filter('list', source), source);
  });
});

describe('join', () => {
  it('joins printed items with the separator', () => {
    assert.equal(filter('join', [1, 'a', 2.5], ['|']), '1|a|2.5');
    assert.equal(filter('join', [1, null, true], [',']), '1,None,True');
    assert.equal(filter('join', ['a', 'b']), 'ab');
  });

  it('joins an attribute of each item, dotted paths allowed', () => {
    assert.equal(filter('join', USERS, ['/', 'info.id']), '7/3/5/9');
    assert.equal(filter('join', USERS, [], kw({ attribute: 'name', d: ',' })), 'ann,bob,cid,dee');
  });

  it('returns plain text under autoescape when no item is Markup', () => {
    const out = filter('join', ['<a>', 'b'], ['<br>'], null, evalContext(true));
    assert.equal(out, '<a><br>b');
    assert.equal(typeof out, 'string');
  });

  it('escapes the other items and the separator when an item is Markup', () => {
    const out = filter('join', [new Markup('<i>'), '<u>'], [','], null, evalContext(true));
    assert.ok(out instanceof Markup);
    assert.equal(String(out), '<i>,&lt;u&gt;');
  });
});

describe('reverse', () => {
  it('reverses strings and sequences', () => {
    assert.equal(filter('reverse', 'hello'), 'olleh');
    assert.equal(filter('reverse', ''), '');
    assert.deepEqual(filter('reverse', [1, 2, 3]), [3, 2, 1]);
  });

  it('does not change the input list', () => {
    const source = [1, 2];
    filter('reverse', source);
    assert.deepEqual(source, [1, 2]);
  });
});

describe('batch and slice', () => {
  it('batch groups items, filling the last group when asked', () => {
    assert.deepEqual(filter('batch', [1, 2, 3, 4, 5, 6, 7], [3, 'x']), [
      [1, 2, 3],
      [4, 5, 6],
      [7, 'x', 'x'],
    ]);
    assert.deepEqual(filter('batch', [0, 1, 2, 3], [2]), [
      [0, 1],
      [2, 3],
    ]);
    assert.deepEqual(filter('batch', 'abc', [1]), [['a'], ['b'], ['c']]);
  });

  it('slice makes columns, padding the short ones when asked', () => {
    assert.deepEqual(filter('slice', [1, 2, 3, 4, 5, 6, 7], [3, 0]), [
      [1, 2, 3],
      [4, 5, 0],
      [6, 7, 0],
    ]);
    assert.deepEqual(filter('slice', [0, 1, 2, 3, 4, 5], [2]), [
      [0, 1, 2],
      [3, 4, 5],
    ]);
  });

  it('rejects a count below one', () => {
    assert.throws(() => filter('batch', [1], [0]), { name: 'FilterArgumentError' });
    assert.throws(() => filter('slice', [1], [0]), { name: 'FilterArgumentError' });
  });
});

describe('items', () => {
  it('gives the key/value pairs of a dict or Map', () => {
    assert.deepEqual(filter('items', { x: 1, y: 2 }), [
      ['x', 1],
      ['y', 2],
    ]);
    assert.deepEqual(filter('items', new Map([['k', 'v']])), [['k', 'v']]);
  });

  it('gives nothing for Undefined and rejects other values', () => {
    assert.deepEqual(filter('items', new FakeUndefined()), []);
    assert.throws(() => filter('items', [1, 2]), { name: 'TypeError' });
  });
});

describe('sum', () => {
  it('adds the items to start', () => {
    assert.equal(filter('sum', [1, 2], [], kw({ start: 10 })), 13);
    assert.equal(filter('sum', [0.1, 0.2]), 0.30000000000000004);
  });

  it('adds an attribute of each item', () => {
    assert.equal(filter('sum', [{ price: 3 }, { price: 4 }], [], kw({ attribute: 'price' })), 7);
    assert.equal(filter('sum', USERS, [], kw({ attribute: 'info.id' })), 24);
  });

  it('rejects strings, as Python does', () => {
    assert.throws(() => filter('sum', ['a', 'b']), { name: 'TypeError' });
  });
});
