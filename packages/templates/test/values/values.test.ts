import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Markup } from '../../src/runtime/markup.ts';
import {
  formatNumber,
  isTruthy,
  pyCompare,
  pyContains,
  pyEquals,
  pyLength,
  pyRepr,
  toText,
} from '../../src/runtime/values.ts';
import { FakeUndefined } from '../filters/fixtures.ts';

describe('toText', () => {
  it('prints booleans, null and undefined the Python way', () => {
    assert.equal(toText(true), 'True');
    assert.equal(toText(false), 'False');
    assert.equal(toText(null), 'None');
    assert.equal(toText(undefined), '');
  });

  it('prints integral numbers as ints and others as Python floats', () => {
    assert.deepEqual(
      [2, -0, 2.5, 0.1 + 0.2, 1e-5, 1.5e-7, Number.NaN, Number.POSITIVE_INFINITY, -Infinity].map(
        formatNumber,
      ),
      ['2', '0', '2.5', '0.30000000000000004', '1e-05', '1.5e-07', 'nan', 'inf', '-inf'],
    );
  });

  it('prints lists, dicts and sets as Python reprs', () => {
    assert.equal(toText([1, 'a', null, true, [2.5]]), "[1, 'a', None, True, [2.5]]");
    assert.equal(toText({ a: 1, b: 'x' }), "{'a': 1, 'b': 'x'}");
    assert.equal(toText(new Map([[1, 'one']])), "{1: 'one'}");
    assert.equal(toText(new Set([1, 2])), '{1, 2}');
    assert.equal(toText(new Set()), 'set()');
  });

  it('prints Markup as its text, functions and class instances by name', () => {
    assert.equal(toText(new Markup('<b>')), '<b>');
    assert.equal(
      toText(function hello() {}),
      '<function hello>',
    );
    class Thing {}
    assert.equal(toText(new Thing()), '<Thing object>');
    class Named {
      toString() {
        return 'named';
      }
    }
    assert.equal(toText(new Named()), 'named');
  });

  it('prints an async generator as Python names it', () => {
    async function* numbers() {
      yield 1;
    }
    assert.equal(toText(numbers()), '<async_generator object>');
  });

  it('marks cycles instead of recursing forever', () => {
    const xs: unknown[] = [1];
    xs.push(xs);
    assert.equal(toText(xs), '[1, [...]]');
  });
});

describe('pyRepr', () => {
  it('quotes strings the way Python picks quotes and escapes', () => {
    assert.equal(pyRepr('a'), "'a'");
    assert.equal(pyRepr("it's"), `"it's"`);
    assert.equal(pyRepr(`it's "x"`), `'it\\'s "x"'`);
    assert.equal(pyRepr('a\nb\\\t\x01'), "'a\\nb\\\\\\t\\x01'");
    assert.equal(pyRepr(new Markup('<b>')), "Markup('<b>')");
  });
});

describe('isTruthy', () => {
  it('treats empty values, zero and None as false', () => {
    for (const v of [
      false,
      0,
      Number.NaN,
      '',
      null,
      undefined,
      [],
      {},
      new Map(),
      new Set(),
      new Markup(''),
    ]) {
      assert.equal(isTruthy(v), false, String(v));
    }
    for (const v of [true, 1, 'a', [0], { a: 0 }, new Markup('x'), () => 0]) assert.equal(isTruthy(v), true);
  });

  it('asks __bool__ and __len__ of engine objects', () => {
    assert.equal(isTruthy(new FakeUndefined()), false);
    assert.equal(isTruthy({ __len__: () => 2 }), true);
  });
});

describe('pyEquals', () => {
  it('compares numbers with booleans and strings with Markup', () => {
    assert.equal(pyEquals(true, 1), true);
    assert.equal(pyEquals(0, false), true);
    assert.equal(pyEquals(1, '1'), false);
    assert.equal(pyEquals(new Markup('a'), 'a'), true);
    assert.equal(pyEquals(Number.NaN, Number.NaN), false);
  });

  it('compares containers element by element', () => {
    assert.equal(pyEquals([1, [2]], [1, [2]]), true);
    assert.equal(pyEquals({ a: 1, b: 2 }, { b: 2, a: 1 }), true);
    assert.equal(pyEquals({ a: 1 }, { a: 1, b: 2 }), false);
    assert.equal(pyEquals(new Map([['a', 1]]), { a: 1 }), true);
  });
});

describe('pyCompare', () => {
  it('orders numbers, strings and lists', () => {
    assert.ok(pyCompare(1, 2) < 0);
    assert.ok(pyCompare(true, 0) > 0);
    assert.ok(pyCompare('b', 'a') > 0);
    assert.ok(pyCompare([1, 2], [1, 3]) < 0);
    assert.ok(pyCompare([1], [1, 0]) < 0);
    assert.equal(pyCompare(2, 2), 0);
  });

  it('makes NaN unordered so every comparison with it is false', () => {
    const c = pyCompare(Number.NaN, 1);
    assert.equal(c < 0 || c > 0 || c === 0, false);
  });

  it('throws TypeError for mixed types', () => {
    assert.throws(() => pyCompare('a', 1), { name: 'TypeError' });
    assert.throws(() => pyCompare(null, 1), { name: 'TypeError' });
  });
});

describe('pyContains', () => {
  it('searches substrings, keys, items and sets', () => {
    assert.equal(pyContains('abc', 'bc'), true);
    assert.equal(pyContains({ a: 1 }, 'a'), true);
    assert.equal(pyContains({ a: 1 }, 'toString'), false);
    assert.equal(pyContains([1, 2], 2), true);
    assert.equal(pyContains([1, 2], true), true);
    assert.equal(pyContains([new Markup('a')], 'a'), true);
    assert.equal(pyContains(new Set(['x']), 'x'), true);
  });

  it('throws TypeError for non-containers and non-string needles in strings', () => {
    assert.throws(() => pyContains(5, 1), { name: 'TypeError' });
    assert.throws(() => pyContains('abc', 1), { name: 'TypeError' });
  });
});

describe('pyLength', () => {
  it('counts code points, items and keys, and asks __len__', () => {
    assert.equal(pyLength('a😀b'), 3);
    assert.equal(pyLength([1, 2]), 2);
    assert.equal(pyLength({ a: 1, b: 2 }), 2);
    assert.equal(pyLength(new FakeUndefined()), 0);
  });

  it('throws TypeError for values without a length', () => {
    assert.throws(() => pyLength(3), { name: 'TypeError' });
    assert.throws(() => pyLength(null), { name: 'TypeError' });
  });
});
