import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Headers, HeaderValueError, validateHeader } from '../../src/http/headers.ts';

describe('Headers lookup', () => {
  it('finds values regardless of name case', () => {
    const h = new Headers({ 'Content-Type': 'text/plain' });
    assert.equal(h.get('content-type'), 'text/plain');
    assert.equal(h.get('CONTENT-TYPE'), 'text/plain');
    assert.equal(h.has('Content-type'), true);
  });

  it('finds, replaces and deletes by a name given in any case', () => {
    const h = new Headers({ 'x-lower': 'a', 'X-Mixed-Case': 'b' });
    assert.equal(h.get('X-LOWER'), 'a');
    assert.equal(h.get('x-mixed-case'), 'b');
    h.set('X-MIXED-case', 'c');
    assert.deepEqual(h.getAll('x-mixed-case'), ['c']);
    assert.equal(h.delete('X-Lower'), true);
    assert.equal(h.has('x-lower'), false);
  });

  it('finds headers by name in any case beyond the names it remembers lowered', () => {
    const h = new Headers();
    for (let i = 0; i < 300; i++) h.set(`X-Many-${i}`, String(i));
    h.set(`X-Long-${'a'.repeat(100)}`, 'long');
    for (let i = 0; i < 300; i++) assert.equal(h.get(`x-MANY-${i}`), String(i));
    assert.equal(h.get(`x-long-${'A'.repeat(100)}`), 'long');
  });

  it('returns null for a missing header', () => {
    assert.equal(new Headers().get('x-missing'), null);
  });

  it('returns the first value from get and every value from getAll', () => {
    const h = new Headers([
      ['Set-Cookie', 'a=1'],
      ['X-Other', 'x'],
      ['set-cookie', 'b=2'],
    ]);
    assert.equal(h.get('Set-Cookie'), 'a=1');
    assert.deepEqual(h.getAll('SET-COOKIE'), ['a=1', 'b=2']);
  });

  it('keeps insertion order and the original name case when iterating', () => {
    const h = new Headers();
    h.append('X-B', '1');
    h.append('x-a', '2');
    h.append('X-B', '3');
    assert.deepEqual(
      [...h],
      [
        ['X-B', '1'],
        ['x-a', '2'],
        ['X-B', '3'],
      ],
    );
    assert.deepEqual([...h.keys()], ['X-B', 'x-a', 'X-B']);
    assert.deepEqual(h.toRawPairs(), [...h.entries()]);
    assert.equal(h.size, 3);
  });
});

describe('Headers construction', () => {
  it('accepts a record with string, number and array values and skips undefined', () => {
    const h = new Headers({ 'Content-Length': 12, Vary: ['Accept', 'Cookie'], 'X-Skip': undefined });
    assert.equal(h.get('content-length'), '12');
    assert.deepEqual(h.getAll('vary'), ['Accept', 'Cookie']);
    assert.equal(h.has('x-skip'), false);
  });

  it('copies another Headers without sharing state', () => {
    const a = new Headers({ A: '1' });
    const b = new Headers(a);
    b.set('A', '2');
    assert.equal(a.get('a'), '1');
  });

  it('reads Node rawHeaders pairs', () => {
    const h = Headers.fromNodeHeaders(['Host', 'example.com', 'Accept', 'a', 'accept', 'b']);
    assert.equal(h.get('host'), 'example.com');
    assert.deepEqual(h.getAll('Accept'), ['a', 'b']);
  });

  it('treats __proto__ and constructor as ordinary header names', () => {
    const h = new Headers([['__proto__', 'x']]);
    assert.equal(h.get('__proto__'), 'x');
    assert.equal(h.get('constructor'), null);
  });
});

describe('Headers mutation', () => {
  it('set replaces every value in place of the first', () => {
    const h = new Headers([
      ['A', '1'],
      ['B', '2'],
      ['a', '3'],
    ]);
    h.set('A', 'new');
    assert.deepEqual(h.toRawPairs(), [
      ['A', 'new'],
      ['B', '2'],
    ]);
  });

  it('delete removes every value and reports whether anything went', () => {
    const h = new Headers([
      ['A', '1'],
      ['a', '2'],
    ]);
    assert.equal(h.delete('A'), true);
    assert.equal(h.delete('A'), false);
    assert.equal(h.size, 0);
  });

  it('setDefault keeps an existing value and adds a missing one', () => {
    const h = new Headers({ A: '1' });
    assert.equal(h.setDefault('a', '2'), '1');
    assert.equal(h.setDefault('B', '3'), '3');
    assert.equal(h.get('b'), '3');
  });

  it('iterating while mutating does not skip entries', () => {
    const h = new Headers([
      ['A', '1'],
      ['B', '2'],
    ]);
    const seen: string[] = [];
    for (const [name] of h) {
      seen.push(name);
      h.delete(name);
    }
    assert.deepEqual(seen, ['A', 'B']);
  });
});

describe('Header injection guard', () => {
  it('rejects CR and LF in a value', () => {
    const h = new Headers();
    assert.throws(() => h.set('Location', '/x\r\nSet-Cookie: evil=1'), HeaderValueError);
    assert.throws(() => h.append('X-A', 'a\nb'), /line break/);
    assert.equal(h.size, 0);
  });

  it('rejects NUL and other control characters in a value', () => {
    assert.throws(() => validateHeader('X-A', 'a\0b'), /NUL/);
    assert.throws(() => validateHeader('X-A', 'a\x07b'), /control character U\+0007/);
  });

  it('allows tabs and Latin-1 text in a value', () => {
    assert.equal(validateHeader('X-A', 'a\tb é'), 'a\tb é');
  });

  it('rejects characters above U+00FF, which HTTP/1.1 cannot carry', () => {
    assert.throws(() => validateHeader('X-A', '€'), /U\+20AC/);
  });

  it('rejects header names that are not tokens', () => {
    for (const name of ['', 'X A', 'X:A', 'X\r\nB', 'Ä']) {
      assert.throws(() => validateHeader(name, 'v'), HeaderValueError, name);
    }
  });

  it('validates the values given to the constructor', () => {
    assert.throws(() => new Headers({ 'X-A': 'a\r\nb' }), HeaderValueError);
  });

  it('names the header in the error message', () => {
    assert.throws(() => validateHeader('X-Thing', 'a\rb'), /"X-Thing"/);
  });

  it('is a TypeError', () => {
    assert.ok(new HeaderValueError('x') instanceof TypeError);
  });
});
