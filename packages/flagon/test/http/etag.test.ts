import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatHttpDate } from '../../src/http/dates.ts';
import { generateEtag, isResourceModified, parseEtags, quoteEtag, unquoteEtag } from '../../src/http/etag.ts';

describe('generateEtag', () => {
  it('hashes bytes and strings with SHA-1 like Werkzeug', () => {
    assert.equal(generateEtag('hello'), 'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d');
    assert.equal(generateEtag(new TextEncoder().encode('hello')), generateEtag('hello'));
  });

  it('derives a tag from size and mtime for stat-like input', () => {
    assert.equal(generateEtag({ size: 255, mtimeMs: 4096.7 }), '1000-ff');
    assert.notEqual(generateEtag({ size: 255, mtimeMs: 4097 }), generateEtag({ size: 255, mtimeMs: 4096 }));
  });
});

describe('quoting', () => {
  it('quotes strong and weak tags', () => {
    assert.equal(quoteEtag('abc'), '"abc"');
    assert.equal(quoteEtag('abc', true), 'W/"abc"');
  });

  it('refuses a tag containing a double quote', () => {
    assert.throws(() => quoteEtag('a"b'), TypeError);
  });

  it('unquotes tags', () => {
    assert.deepEqual(unquoteEtag('W/"abc"'), { tag: 'abc', weak: true });
    assert.deepEqual(unquoteEtag('"abc"'), { tag: 'abc', weak: false });
    assert.deepEqual(unquoteEtag('abc'), { tag: 'abc', weak: false });
  });
});

describe('parseEtags', () => {
  it('separates strong and weak tags', () => {
    const tags = parseEtags('"a", W/"b", "c,d"');
    assert.deepEqual([...tags.strong], ['a', 'c,d']);
    assert.deepEqual([...tags.weak], ['b']);
  });

  it('compares strongly and weakly', () => {
    const tags = parseEtags('"a", W/"b"');
    assert.equal(tags.contains('a'), true);
    assert.equal(tags.contains('b'), false);
    assert.equal(tags.containsWeak('b'), true);
    assert.equal(tags.containsRaw('W/"b"'), true);
  });

  it('matches everything for *', () => {
    const tags = parseEtags('*');
    assert.equal(tags.star, true);
    assert.equal(tags.contains('anything'), true);
  });

  it('accepts unquoted tags leniently', () => {
    assert.equal(parseEtags('abc, def').contains('def'), true);
  });

  it('is empty for a missing or blank header', () => {
    assert.equal(parseEtags(null).isEmpty, true);
    assert.equal(parseEtags('   ').isEmpty, true);
  });

  it('survives garbage without throwing', () => {
    for (const bad of ['"', 'W/', ',,,', '"a" "b"', 'W/"unterminated', '\0\r\n']) {
      assert.doesNotThrow(() => parseEtags(bad), bad);
    }
  });

  it('serialises back to a header', () => {
    assert.equal(parseEtags('"a", W/"b"').toString(), '"a", W/"b"');
  });
});

describe('isResourceModified', () => {
  const lastModified = new Date(Date.UTC(2024, 0, 1, 12, 0, 0, 500));

  it('is modified when the request has no conditions', () => {
    assert.equal(isResourceModified({ etag: 'x', lastModified }), true);
  });

  it('is not modified when If-None-Match has the tag, weakly compared', () => {
    assert.equal(isResourceModified({ etag: 'x', ifNoneMatch: 'W/"x"' }), false);
    assert.equal(isResourceModified({ etag: '"x"', ifNoneMatch: '"y", "x"' }), false);
    assert.equal(isResourceModified({ etag: 'x', ifNoneMatch: '"y"' }), true);
  });

  it('is not modified when If-Modified-Since is at or after the change, to the second', () => {
    const since = formatHttpDate(new Date(Date.UTC(2024, 0, 1, 12, 0, 0)));
    assert.equal(isResourceModified({ lastModified, ifModifiedSince: since }), false);
    const before = formatHttpDate(new Date(Date.UTC(2024, 0, 1, 11, 59, 59)));
    assert.equal(isResourceModified({ lastModified, ifModifiedSince: before }), true);
  });

  it('ignores a malformed If-Modified-Since', () => {
    assert.equal(isResourceModified({ lastModified, ifModifiedSince: 'not a date' }), true);
  });

  it('lets If-None-Match decide over If-Modified-Since', () => {
    const since = formatHttpDate(lastModified);
    assert.equal(
      isResourceModified({ etag: 'x', lastModified, ifModifiedSince: since, ifNoneMatch: '"y"' }),
      true,
    );
  });

  it('uses If-Range only when asked and a Range is present', () => {
    const request = { etag: 'x', range: 'bytes=0-1', ifRange: '"y"' };
    assert.equal(isResourceModified(request), true);
    assert.equal(isResourceModified({ ...request, ifNoneMatch: '"x"' }), false);
    assert.equal(isResourceModified({ ...request, ifNoneMatch: '"x"', ignoreIfRange: false }), true);
    assert.equal(isResourceModified({ ...request, ifRange: '"x"', ignoreIfRange: false }), false);
  });

  it('treats a failed If-Match as unmodified, as Werkzeug does', () => {
    assert.equal(isResourceModified({ etag: 'x', ifMatch: '"y"' }), false);
    assert.equal(isResourceModified({ etag: 'x', ifMatch: '"x"' }), true);
  });
});
