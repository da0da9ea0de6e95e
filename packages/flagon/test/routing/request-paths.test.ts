import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bindTo, mapOf, summary } from './helpers/maps.ts';

const NOT_FOUND = { kind: 'not-found' };
const redirect = (location: string) => ({ kind: 'redirect', location, status: 308 });

describe('percent-decoding of request paths', () => {
  const map = mapOf([
    ['/s/<name>', 's'],
    ['/p/<path:p>', 'p'],
    ['/café', 'cafe'],
    ['/sp ace', 'space'],
  ]);

  it('decodes each segment after splitting, so %2F stays inside a string variable', () => {
    assert.deepEqual(summary(bindTo(map).match('/s/a%2Fb')), ['s', { name: 'a/b' }]);
  });

  it('decodes %2F to a slash inside a path variable', () => {
    assert.deepEqual(summary(bindTo(map).match('/p/a%2Fb/c')), ['p', { p: 'a/b/c' }]);
  });

  it('compares static segments with the decoded path', () => {
    assert.deepEqual(summary(bindTo(map).match('/caf%C3%A9')), ['cafe', {}]);
    assert.deepEqual(summary(bindTo(map).match('/sp%20ace')), ['space', {}]);
  });

  it('keeps "+" as a plus sign in paths', () => {
    assert.deepEqual(summary(bindTo(map).match('/s/a+b')), ['s', { name: 'a+b' }]);
  });

  it('leaves malformed escapes as written', () => {
    assert.deepEqual(summary(bindTo(map).match('/s/100%')), ['s', { name: '100%' }]);
    assert.deepEqual(summary(bindTo(map).match('/s/%zz')), ['s', { name: '%zz' }]);
  });

  it('decodes invalid UTF-8 to U+FFFD', () => {
    assert.deepEqual(summary(bindTo(map).match('/s/%FFa')), ['s', { name: '\uFFFDa' }]);
  });
});

describe('hostile input', () => {
  const map = mapOf([
    ['/s/<name>', 's'],
    ['/n/<int:n>', 'n'],
    ['/docs/', 'docs'],
    ['/w/<path:p>/edit', 'edit'],
  ]);
  const adapter = bindTo(map);

  it('never throws on odd paths', () => {
    const paths = [
      '',
      '/',
      '%',
      '/%',
      '/\u0000',
      '/s/\uD800',
      '/s/%ED%A0%80',
      '/n/1e999',
      '/docs/../..',
      '?',
      '#',
      '/s/a?b',
    ];
    for (const path of paths) assert.doesNotThrow(() => adapter.match(path), path);
  });

  it('matches NUL bytes as ordinary characters', () => {
    assert.deepEqual(summary(adapter.match('/s/a%00b')), ['s', { name: 'a\u0000b' }]);
  });

  it('answers long paths without deep recursion', () => {
    assert.deepEqual(adapter.match(`/${'a/'.repeat(50_000)}`), NOT_FOUND);
    assert.deepEqual(adapter.match(`/w/${'a/'.repeat(50_000)}x`), NOT_FOUND);
    assert.equal(adapter.match(`/w/${'a/'.repeat(10_000)}edit`).kind, 'match');
  });

  it('escapes characters in redirect locations that cannot appear raw in a header', () => {
    const result = adapter.match('//docs\r\nX: y');
    assert.equal(result.kind, 'not-found');
    const slash = bindTo(mapOf([['/a b/', 'ab']])).match('/a b');
    assert.deepEqual(slash, redirect('http://example.com/a%20b/'));
  });

  it('escapes the query string kept on a redirect', () => {
    assert.deepEqual(
      bindTo(map, { queryString: 'x=<script>\n' }).match('/docs'),
      redirect('http://example.com/docs/?x=%3Cscript%3E%0A'),
    );
  });

  it('does not match methods that are not tokens', () => {
    assert.deepEqual(
      bindTo(mapOf([['/x', { endpoint: 'x', methods: ['GET'] }]])).match('/x', ' ').kind,
      'method-not-allowed',
    );
  });
});
