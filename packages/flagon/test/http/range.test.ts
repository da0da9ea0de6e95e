import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contentRange, MAX_RANGES, parseRange } from '../../src/http/range.ts';

describe('parseRange', () => {
  it('parses a closed range', () => {
    assert.deepEqual(parseRange('bytes=0-499', 1000), [{ start: 0, end: 499 }]);
  });

  it('parses an open range to the end', () => {
    assert.deepEqual(parseRange('bytes=500-', 1000), [{ start: 500, end: 999 }]);
  });

  it('parses a suffix range', () => {
    assert.deepEqual(parseRange('bytes=-300', 1000), [{ start: 700, end: 999 }]);
  });

  it('clamps a suffix longer than the resource', () => {
    assert.deepEqual(parseRange('bytes=-5000', 1000), [{ start: 0, end: 999 }]);
  });

  it('clamps an end past the resource', () => {
    assert.deepEqual(parseRange('bytes=900-5000', 1000), [{ start: 900, end: 999 }]);
  });

  it('parses several ranges in the order given', () => {
    assert.deepEqual(parseRange('bytes=500-599, 0-99 ,-100', 1000), [
      { start: 500, end: 599 },
      { start: 0, end: 99 },
      { start: 900, end: 999 },
    ]);
  });

  it('accepts any case of the unit and ignores empty list items', () => {
    assert.deepEqual(parseRange('Bytes=0-0,,', 10), [{ start: 0, end: 0 }]);
  });

  it('drops unsatisfiable ranges next to satisfiable ones', () => {
    assert.deepEqual(parseRange('bytes=0-9, 5000-6000', 100), [{ start: 0, end: 9 }]);
  });

  it('builds a Content-Range value', () => {
    assert.equal(contentRange({ start: 0, end: 99 }, 1000), 'bytes 0-99/1000');
  });
});

describe('parseRange unsatisfiable', () => {
  it('says unsatisfiable when every range starts past the end', () => {
    assert.equal(parseRange('bytes=1000-', 1000), 'unsatisfiable');
    assert.equal(parseRange('bytes=2000-3000', 1000), 'unsatisfiable');
  });

  it('says unsatisfiable for a zero-length suffix', () => {
    assert.equal(parseRange('bytes=-0', 1000), 'unsatisfiable');
  });

  it('says unsatisfiable for any range of an empty resource', () => {
    assert.equal(parseRange('bytes=0-', 0), 'unsatisfiable');
    assert.equal(parseRange('bytes=-10', 0), 'unsatisfiable');
  });
});

describe('parseRange ignores malformed headers', () => {
  it('returns null for a missing header', () => {
    assert.equal(parseRange(null, 10), null);
    assert.equal(parseRange('', 10), null);
  });

  it('returns null for other units', () => {
    assert.equal(parseRange('items=0-5', 10), null);
  });

  it('returns null for malformed specs', () => {
    for (const bad of [
      'bytes=',
      'bytes=abc',
      'bytes=5',
      'bytes=-',
      'bytes=1-2-3',
      'bytes=0x1-2',
      'bytes=+1-2',
      'bytes 0-1',
      'bytes=1.5-2',
    ]) {
      assert.equal(parseRange(bad, 100), null, bad);
    }
  });

  it('returns null when the end is before the start', () => {
    assert.equal(parseRange('bytes=9-1', 100), null);
  });

  it('returns null for numbers too large to be exact', () => {
    assert.equal(parseRange('bytes=0-99999999999999999999', 100), null);
  });

  it('returns null for overlapping ranges', () => {
    assert.equal(parseRange('bytes=0-10, 5-20', 100), null);
    assert.equal(parseRange('bytes=0-0, 0-0', 100), null);
  });

  it('returns null for more than MAX_RANGES ranges', () => {
    const many = Array.from({ length: MAX_RANGES + 1 }, (_, i) => `${i * 2}-${i * 2}`).join(',');
    assert.equal(parseRange(`bytes=${many}`, 100_000), null);
  });
});
