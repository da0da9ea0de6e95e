import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeUndefined, filter, kw } from './fixtures.ts';

describe('abs', () => {
  it('returns the absolute value and rejects non-numbers', () => {
    assert.equal(filter('abs', -5), 5);
    assert.equal(filter('abs', -2.5), 2.5);
    assert.throws(() => filter('abs', 'x'), { name: 'TypeError' });
  });
});

describe('int', () => {
  it('truncates floats toward zero and reads booleans', () => {
    assert.equal(filter('int', -3.9), -3);
    assert.equal(filter('int', true), 1);
  });

  it('reads strings in a base, with prefixes, and float strings', () => {
    assert.equal(filter('int', 'ff', [], kw({ base: 16 })), 255);
    assert.equal(filter('int', '0x1A', [0, 16]), 26);
    assert.equal(filter('int', '0b101', [0, 0]), 5);
    assert.equal(filter('int', '1011', [], kw({ base: 2 })), 11);
    assert.equal(filter('int', ' 42 '), 42);
    assert.equal(filter('int', '1_000'), 1000);
    assert.equal(filter('int', '42.23'), 42);
  });

  it('raises UndefinedError for an undefined value, as Jinja does', () => {
    assert.throws(() => filter('int', new FakeUndefined()), { name: 'UndefinedError' });
    assert.throws(() => filter('float', new FakeUndefined()), { name: 'UndefinedError' });
    assert.throws(() => filter('filesizeformat', new FakeUndefined()), { name: 'UndefinedError' });
  });

  it('gives the default for anything unreadable', () => {
    assert.equal(filter('int', 'abc', [7]), 7);
    assert.equal(filter('int', ''), 0);
    assert.equal(filter('int', null), 0);
    assert.equal(filter('int', 'z', [], kw({ base: 16 })), 0);
  });
});

describe('float', () => {
  it('converts numbers and numeric strings', () => {
    assert.equal(filter('float', 2), 2);
    assert.equal(filter('float', '  4.5 '), 4.5);
    assert.equal(filter('float', '1e3'), 1000);
    assert.equal(filter('float', '-inf'), Number.NEGATIVE_INFINITY);
  });

  it('gives the default for anything unreadable', () => {
    assert.equal(filter('float', 'abc'), 0);
    assert.equal(filter('float', 'abc', [1.5]), 1.5);
    assert.equal(filter('float', ''), 0);
  });
});

describe('round', () => {
  it('rounds to nearest, exact ties to even, as Python', () => {
    assert.equal(filter('round', -2.567, [1]), -2.6);
    assert.equal(filter('round', 2.5), 2);
    assert.equal(filter('round', 3.5), 4);
    assert.equal(filter('round', 2.675, [2]), 2.67);
    assert.equal(filter('round', 42), 42);
    assert.equal(filter('round', 1234, [-2]), 1200);
  });

  it('rounds up or down with ceil and floor', () => {
    assert.equal(filter('round', 3.14158, [2, 'ceil']), 3.15);
    assert.equal(filter('round', 3.789, [1, 'floor']), 3.7);
    assert.equal(filter('round', 3.7, [], kw({ method: 'floor' })), 3);
  });

  it('rejects unknown methods', () => {
    assert.throws(() => filter('round', 1, [0, 'up']), { name: 'FilterArgumentError' });
  });
});

describe('filesizeformat', () => {
  it('uses decimal units by default', () => {
    assert.equal(filter('filesizeformat', 1), '1 Byte');
    assert.equal(filter('filesizeformat', 300), '300 Bytes');
    assert.equal(filter('filesizeformat', 1049), '1.0 kB');
    assert.equal(filter('filesizeformat', 2500000), '2.5 MB');
    assert.equal(filter('filesizeformat', 1e15), '1.0 PB');
    assert.equal(filter('filesizeformat', '2048'), '2.0 kB');
  });

  it('uses binary units with binary=true', () => {
    assert.equal(filter('filesizeformat', 1024, [true]), '1.0 KiB');
    assert.equal(filter('filesizeformat', 3145728, [], kw({ binary: true })), '3.0 MiB');
  });

  it('rejects non-numbers', () => {
    assert.throws(() => filter('filesizeformat', 'abc'), { name: 'ValueError' });
  });
});
