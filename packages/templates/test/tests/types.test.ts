import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Markup } from '../../src/runtime/markup.ts';
import { FakeUndefined, test } from '../filters/fixtures.ts';

const each = (name: string, values: unknown[]) => values.map((v) => (test(name, v) ? 'Y' : 'N')).join('');

describe('defined and undefined', () => {
  it('count None as defined and Undefined or JS undefined as undefined', () => {
    assert.equal(each('defined', [null, 0, new FakeUndefined(), undefined]), 'YYNN');
    assert.equal(each('undefined', [null, new FakeUndefined(), undefined]), 'NYY');
  });
});

describe('none, boolean, true and false', () => {
  it('match exact values, not truthiness', () => {
    assert.equal(each('none', [null, 0, '', false]), 'YNNN');
    assert.equal(each('boolean', [false, true, 0]), 'YYN');
    assert.equal(each('true', [true, 1, 'x', false]), 'YNNN');
    assert.equal(each('false', [false, 0, '', true]), 'YNNN');
  });
});

describe('number, integer and float', () => {
  it('count booleans as numbers but not integers', () => {
    assert.equal(each('number', [1.5, 2, true, 10n, '1']), 'YYYYN');
    assert.equal(each('integer', [1, 2.5, '3', null, true, 10n]), 'YNNNNY');
    assert.equal(each('float', [2.5, 1, '1.5', null, Number.NaN]), 'YNNNY');
  });
});

describe('string, mapping, sequence, iterable', () => {
  it('string matches strings and Markup', () => {
    assert.equal(each('string', ['a', '', new Markup('x'), 1, null, ['a']]), 'YYYNNN');
  });

  it('mapping matches plain objects and Maps', () => {
    assert.equal(each('mapping', [{}, { a: 1 }, new Map(), [], 's', null]), 'YYYNNN');
  });

  it('sequence matches strings, lists and dicts, as in Python', () => {
    assert.equal(each('sequence', ['s', [], {}, 1, null, new Set()]), 'YYYNNN');
  });

  it('iterable matches anything a for loop takes', () => {
    assert.equal(each('iterable', ['s', [], {}, new Set(), new Map(), 1, null]), 'YYYYYNN');
  });
});

describe('callable and escaped', () => {
  it('callable matches functions', () => {
    assert.equal(each('callable', [() => 1, 'x', {}]), 'YNN');
  });

  it('escaped matches Markup and objects with __html__', () => {
    assert.equal(each('escaped', [new Markup('x'), { __html__: () => 'x' }, 'x']), 'YYN');
  });
});

describe('filter and test', () => {
  it('check the environment for a name', () => {
    assert.equal(each('filter', ['upper', 'nope', 'constructor']), 'YNN');
    assert.equal(each('test', ['==', 'odd', 'nope', '__proto__']), 'YYNN');
  });
});
