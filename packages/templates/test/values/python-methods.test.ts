import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callWithKeywords } from '../../src/filters/call.ts';
import { DEFAULT_POLICY } from '../../src/runtime/access.ts';
import { Markup } from '../../src/runtime/markup.ts';
import { getPythonMethod } from '../../src/runtime/python-methods.ts';

function call(
  obj: unknown,
  name: string,
  args: unknown[] = [],
  kwargs: Record<string, unknown> | null = null,
) {
  const method = getPythonMethod(obj, name, DEFAULT_POLICY.fields);
  if (method === undefined) throw new Error(`no method ${name}`);
  return callWithKeywords(method, args, kwargs);
}

describe('str methods', () => {
  it('change case and strip like Python', () => {
    assert.equal(call('  MiX ', 'strip'), 'MiX');
    assert.equal(call('xxhixx', 'strip', ['x']), 'hi');
    assert.equal(call('they are 1st', 'title'), 'They Are 1St');
    assert.equal(call('hELLO', 'capitalize'), 'Hello');
    assert.equal(call('aB', 'swapcase'), 'Ab');
  });

  it('split on whitespace runs or a separator, with maxsplit by position or keyword', () => {
    assert.deepEqual(call('  a b\t c ', 'split'), ['a', 'b', 'c']);
    assert.deepEqual(call('a,b,c', 'split', [',', 1]), ['a', 'b,c']);
    assert.deepEqual(call('a b c', 'split', [], { maxsplit: 1 }), ['a', 'b c']);
    assert.deepEqual(call('a,b,c', 'rsplit', [',', 1]), ['a,b', 'c']);
    assert.deepEqual(call('a\nb\r\nc', 'splitlines'), ['a', 'b', 'c']);
  });

  it('find, count, replace and test prefixes', () => {
    assert.equal(call('banana', 'replace', ['a', '4']), 'b4n4n4');
    assert.equal(call('banana', 'find', ['n']), 2);
    assert.equal(call('banana', 'rfind', ['n']), 4);
    assert.equal(call('banana', 'find', ['x']), -1);
    assert.equal(call('banana', 'count', ['a']), 3);
    assert.equal(call('hello', 'startswith', ['he']), true);
    assert.equal(call('hello', 'endswith', [['x', 'lo']]), true);
    assert.throws(() => call('banana', 'index', ['x']), { name: 'ValueError' });
  });

  it('join strings and pad', () => {
    assert.equal(call(',', 'join', [['a', 'b']]), 'a,b');
    assert.throws(() => call(',', 'join', [[1]]), { name: 'TypeError' });
    assert.equal(call('7', 'zfill', [3]), '007');
    assert.equal(call('-7', 'zfill', [4]), '-007');
    assert.equal(call('a', 'ljust', [3, '.']), 'a..');
    assert.equal(call('a', 'center', [3]), ' a ');
  });

  it('format with positional and keyword arguments', () => {
    assert.equal(call('{} is {age}', 'format', ['ann'], { age: 31 }), 'ann is 31');
  });

  it('classify characters', () => {
    assert.equal(call('123', 'isdigit'), true);
    assert.equal(call('', 'isdigit'), false);
    assert.equal(call('abc', 'isalpha'), true);
    assert.equal(call('Hello World', 'istitle'), true);
    assert.equal(call(' \t', 'isspace'), true);
  });

  it('partition around a separator', () => {
    assert.deepEqual(call('a=b=c', 'partition', ['=']), ['a', '=', 'b=c']);
    assert.deepEqual(call('a=b=c', 'rpartition', ['=']), ['a=b', '=', 'c']);
  });

  it('keep Markup as Markup, escaping string arguments', () => {
    const out = call(new Markup('<b>x</b>'), 'replace', ['x', '<y>']);
    assert.ok(out instanceof Markup);
    assert.equal(String(out), '<b>&lt;y&gt;</b>');
  });
});

describe('list methods', () => {
  it('mutate in place and return None', () => {
    const xs = [1];
    assert.equal(call(xs, 'append', [2]), null);
    call(xs, 'extend', [[3, 4]]);
    call(xs, 'insert', [0, 0]);
    assert.deepEqual(xs, [0, 1, 2, 3, 4]);
    assert.equal(call(xs, 'pop'), 4);
    assert.equal(call(xs, 'pop', [0]), 0);
    call(xs, 'remove', [2]);
    assert.deepEqual(xs, [1, 3]);
    call(xs, 'reverse');
    assert.deepEqual(xs, [3, 1]);
  });

  it('sort in place, in reverse by keyword', () => {
    const xs = [2, 3, 1];
    call(xs, 'sort', [], { reverse: true });
    assert.deepEqual(xs, [3, 2, 1]);
  });

  it('find and count items', () => {
    assert.equal(call([1, 2, 1], 'index', [2]), 1);
    assert.equal(call([1, 2, 1], 'count', [1]), 2);
    assert.throws(() => call([1], 'index', [5]), { name: 'ValueError' });
    assert.throws(() => call([], 'pop'), { name: 'IndexError' });
  });
});

describe('dict methods', () => {
  it('list items, keys and values', () => {
    const d = { x: 1, y: 2 };
    assert.deepEqual(call(d, 'items'), [
      ['x', 1],
      ['y', 2],
    ]);
    assert.deepEqual(call(d, 'keys'), ['x', 'y']);
    assert.deepEqual(call(d, 'values'), [1, 2]);
  });

  it('get with a default, pop and setdefault', () => {
    const d: Record<string, unknown> = { a: 1 };
    assert.equal(call(d, 'get', ['a']), 1);
    assert.equal(call(d, 'get', ['b']), null);
    assert.equal(call(d, 'get', ['b', 0]), 0);
    assert.equal(call(d, 'setdefault', ['b', 2]), 2);
    assert.equal(call(d, 'pop', ['a']), 1);
    assert.deepEqual(d, { b: 2 });
    assert.throws(() => call(d, 'pop', ['zz']), { name: 'KeyError' });
  });

  it('update from dicts, pairs and keywords without touching prototypes', () => {
    const d: Record<string, unknown> = { a: 1 };
    call(d, 'update', [{ b: 2 }]);
    call(d, 'update', [[['c', 3]]], { e: 5 });
    call(d, 'update', [JSON.parse('{"__proto__": {"polluted": true}}')]);
    assert.deepEqual(Object.keys(d), ['a', 'b', 'c', 'e', '__proto__']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(d), Object.prototype);
  });

  it('work on Maps too', () => {
    const m = new Map([['k', 1]]);
    assert.deepEqual(call(m, 'items'), [['k', 1]]);
    call(m, 'update', [{ j: 2 }]);
    assert.equal(m.get('j'), 2);
  });
});

describe('getPythonMethod', () => {
  it('returns undefined for unknown names and non-data values', () => {
    assert.equal(getPythonMethod('x', 'constructor', DEFAULT_POLICY.fields), undefined);
    assert.equal(getPythonMethod('x', '__proto__', DEFAULT_POLICY.fields), undefined);
    assert.equal(getPythonMethod([], 'map', DEFAULT_POLICY.fields), undefined);
    assert.equal(getPythonMethod({}, 'hasOwnProperty', DEFAULT_POLICY.fields), undefined);
    assert.equal(getPythonMethod(null, 'get', DEFAULT_POLICY.fields), undefined);
  });

  it('number methods answer is_integer', () => {
    assert.equal(call(3, 'is_integer'), true);
    assert.equal(call(3.5, 'is_integer'), false);
  });
});
