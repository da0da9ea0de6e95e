import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MultiDict } from '../../src/http/multi-dict.ts';

describe('MultiDict values', () => {
  it('get returns the first value and getAll every value', () => {
    const d = new MultiDict([
      ['a', '1'],
      ['a', '2'],
    ]);
    assert.equal(d.get('a'), '1');
    assert.deepEqual(d.getAll('a'), ['1', '2']);
  });

  it('returns undefined and an empty list for a missing key', () => {
    const d = new MultiDict();
    assert.equal(d.get('x'), undefined);
    assert.deepEqual(d.getAll('x'), []);
  });

  it('getAll returns a copy', () => {
    const d = new MultiDict([['a', '1']]);
    d.getAll('a').push('2');
    assert.deepEqual(d.getAll('a'), ['1']);
  });

  it('set replaces, add appends, delete removes', () => {
    const d = new MultiDict<string>();
    d.add('a', '1');
    d.add('a', '2');
    d.set('a', '3');
    assert.deepEqual(d.getAll('a'), ['3']);
    assert.equal(d.delete('a'), true);
    assert.equal(d.has('a'), false);
  });

  it('counts keys, not values, in size', () => {
    const d = new MultiDict({ a: ['1', '2'], b: '3' });
    assert.equal(d.size, 2);
  });
});

describe('MultiDict type conversion', () => {
  it('converts the first value with the type function', () => {
    const d = new MultiDict([['page', '3']]);
    assert.equal(d.get('page', { type: Number }), 3);
  });

  it('gives the default when the converter throws', () => {
    const d = new MultiDict([['n', 'x']]);
    const strictInt = (raw: string): number => {
      if (!/^\d+$/.test(raw)) throw new Error('not an int');
      return Number(raw);
    };
    assert.equal(d.get('n', { type: strictInt, default: 1 }), 1);
  });

  it('gives the default when the conversion yields NaN', () => {
    const d = new MultiDict([['n', 'abc']]);
    assert.equal(d.get('n', { type: Number, default: 7 }), 7);
    assert.equal(d.get('n', { type: Number }), undefined);
  });

  it('gives the default for a missing key', () => {
    assert.equal(new MultiDict().get('n', { type: Number, default: 5 }), 5);
  });
});

describe('MultiDict iteration and export', () => {
  it('iterates every pair grouped by key in first-seen order', () => {
    const d = new MultiDict([
      ['a', '1'],
      ['b', '2'],
      ['a', '3'],
    ]);
    assert.deepEqual(
      [...d],
      [
        ['a', '1'],
        ['a', '3'],
        ['b', '2'],
      ],
    );
    assert.deepEqual([...d.keys()], ['a', 'b']);
    assert.deepEqual([...d.values()], ['1', '2']);
  });

  it('toObject gives first values on a null-prototype object', () => {
    const d = new MultiDict([
      ['a', '1'],
      ['a', '2'],
    ]);
    const obj = d.toObject();
    assert.equal(Object.getPrototypeOf(obj), null);
    assert.deepEqual({ ...obj }, { a: '1' });
  });

  it('toObject({ flat: false }) gives every value', () => {
    const d = new MultiDict([
      ['a', '1'],
      ['a', '2'],
    ]);
    assert.deepEqual({ ...d.toObject({ flat: false }) }, { a: ['1', '2'] });
  });
});

describe('MultiDict hostile keys', () => {
  it('stores __proto__ and constructor as plain keys', () => {
    const d = new MultiDict([
      ['__proto__', 'polluted'],
      ['constructor', 'c'],
    ]);
    assert.equal(d.get('__proto__'), 'polluted');
    assert.equal(d.get('constructor'), 'c');
    assert.equal(new MultiDict().get('constructor'), undefined);
  });

  it('does not pollute prototypes through toObject', () => {
    const obj = new MultiDict([['__proto__', 'x']]).toObject();
    assert.equal(Object.hasOwn(obj, '__proto__'), true);
    assert.equal(({} as Record<string, unknown>).x, undefined);
    assert.equal(Object.getPrototypeOf(obj), null);
  });

  it('reads own keys only when built from a record', () => {
    const d = new MultiDict(JSON.parse('{"__proto__": "x", "a": "1"}') as Record<string, string>);
    assert.equal(d.get('__proto__'), 'x');
    assert.equal(d.get('toString'), undefined);
  });
});
