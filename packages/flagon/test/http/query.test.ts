import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RequestEntityTooLarge } from '../../src/http/exceptions.ts';
import { decodeFormComponent, parseQuery } from '../../src/http/query.ts';

describe('parseQuery', () => {
  it('parses pairs and repeated keys', () => {
    const q = parseQuery('a=1&b=2&a=3');
    assert.deepEqual(q.getAll('a'), ['1', '3']);
    assert.equal(q.get('b'), '2');
  });

  it('turns + into a space and decodes percent escapes', () => {
    assert.equal(parseQuery('q=a+b%20c%2B').get('q'), 'a b c+');
  });

  it('decodes UTF-8 escapes', () => {
    assert.equal(parseQuery('name=J%C3%BCrgen&e=%E2%82%AC').get('name'), 'Jürgen');
    assert.equal(parseQuery('e=%E2%82%AC').get('e'), '€');
  });

  it('gives an empty value to a key without =', () => {
    assert.equal(parseQuery('flag&x=1').get('flag'), '');
  });

  it('splits only at the first =', () => {
    assert.equal(parseQuery('a=b=c').get('a'), 'b=c');
  });

  it('skips empty pairs', () => {
    const q = parseQuery('&&a=1&&');
    assert.deepEqual([...q], [['a', '1']]);
  });

  it('keeps an empty key', () => {
    assert.equal(parseQuery('=v').get(''), 'v');
  });

  it('returns an empty MultiDict for an empty string', () => {
    assert.equal(parseQuery('').size, 0);
  });
});

describe('parseQuery with hostile input', () => {
  it('keeps malformed percent escapes literally instead of throwing', () => {
    const q = parseQuery('a=%&b=%zz&c=100%&d=%4');
    assert.deepEqual({ ...q.toObject() }, { a: '%', b: '%zz', c: '100%', d: '%4' });
  });

  it('decodes valid escapes next to malformed ones', () => {
    assert.equal(parseQuery('a=%41%zz%42').get('a'), 'A%zzB');
  });

  it('replaces invalid UTF-8 with U+FFFD', () => {
    assert.equal(parseQuery('a=%FF%FE').get('a'), '\uFFFD\uFFFD');
    assert.equal(parseQuery('a=%C3').get('a'), '\uFFFD');
  });

  it('treats __proto__ and constructor as plain keys', () => {
    const q = parseQuery('__proto__=x&constructor=y&__proto__[a]=z');
    assert.equal(q.get('__proto__'), 'x');
    assert.equal(q.get('constructor'), 'y');
    assert.equal(q.get('__proto__[a]'), 'z');
    assert.equal(({} as Record<string, unknown>).a, undefined);
  });

  it('throws RequestEntityTooLarge past maxParts', () => {
    const huge = Array.from({ length: 1001 }, (_, i) => `k${i}=v`).join('&');
    assert.throws(() => parseQuery(huge, { maxParts: 1000 }), RequestEntityTooLarge);
  });

  it('accepts exactly maxParts parts', () => {
    assert.equal(parseQuery('a=1&b=2', { maxParts: 2 }).size, 2);
  });

  it('does not count empty pairs towards maxParts', () => {
    assert.equal(parseQuery('a=1&&&&&&b=2', { maxParts: 2 }).size, 2);
  });
});

describe('decodeFormComponent', () => {
  it('reads escapes in another charset', () => {
    assert.equal(decodeFormComponent('%E9t%E9', new TextDecoder('latin1')), 'été');
  });
});
