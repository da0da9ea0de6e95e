import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeUndefined, test } from '../filters/fixtures.ts';

const each = (name: string, values: unknown[], args: unknown[] = []) =>
  values.map((v) => (test(name, v, args) ? 'Y' : 'N')).join('');

describe('odd, even and divisibleby', () => {
  it('use Python modulo, so negative numbers work', () => {
    assert.equal(each('odd', [0, 1, 2, -1, -4]), 'NYNYN');
    assert.equal(each('even', [0, 1, 2, -1, -4]), 'YNYNY');
    assert.equal(each('divisibleby', [12, 13, -8], [4]), 'YNY');
  });

  it('reject non-numbers, undefined values and division by zero', () => {
    assert.throws(() => test('odd', 'a'), { name: 'TypeError' });
    assert.throws(() => test('even', new FakeUndefined()), { name: 'UndefinedError' });
    assert.throws(() => test('divisibleby', 4, [0]), { name: 'ZeroDivisionError' });
  });
});

describe('lower and upper', () => {
  it('need cased characters, all in one case', () => {
    assert.equal(each('lower', ['abc', 'aBc', 'ABC', '123', 'a1']), 'YNNNY');
    assert.equal(each('upper', ['ABC', 'aBc', 'abc', '123', 'A1']), 'YNNNY');
  });
});

describe('sameas', () => {
  it('means identity, not equality', () => {
    const a = [1];
    assert.equal(test('sameas', a, [a]), true);
    assert.equal(test('sameas', a, [[1]]), false);
    assert.equal(test('sameas', 0, [false]), false);
    assert.equal(test('sameas', null, [null]), true);
  });
});

describe('in', () => {
  it('checks items, substrings and keys', () => {
    assert.equal(each('in', [2, 5], [[1, 2]]), 'YN');
    assert.equal(each('in', ['a', 'z'], ['abc']), 'YN');
    assert.equal(each('in', ['k', 'v'], [{ k: 'v' }]), 'YN');
  });
});

describe('comparisons', () => {
  it('eq and ne compare by value, True equal to 1', () => {
    assert.equal(each('eq', [3, 4, true], [1]), 'NNY');
    assert.equal(each('==', [[1, 2]], [[1, 2]]), 'Y');
    assert.equal(each('equalto', ['a'], ['a']), 'Y');
    assert.equal(each('ne', [3, 4], [3]), 'NY');
    assert.equal(each('!=', [3], [3]), 'N');
  });

  it('lt, le, gt and ge order numbers and strings under every alias', () => {
    assert.equal(each('lt', [2, 3], [3]), 'YN');
    assert.equal(each('lessthan', [2], [3]), 'Y');
    assert.equal(each('<', ['a'], ['b']), 'Y');
    assert.equal(each('le', [3, 4], [3]), 'YN');
    assert.equal(each('<=', [3], [3]), 'Y');
    assert.equal(each('gt', [4, 3], [3]), 'YN');
    assert.equal(each('greaterthan', [4], [3]), 'Y');
    assert.equal(each('>', [4], [3]), 'Y');
    assert.equal(each('ge', [3, 2], [3]), 'YN');
    assert.equal(each('>=', [3], [3]), 'Y');
  });

  it('throw TypeError for values that cannot be ordered', () => {
    assert.throws(() => test('lt', 'a', [1]), { name: 'TypeError' });
  });
});
