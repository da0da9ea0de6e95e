import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bindTo, mapOf, summary } from './helpers/maps.ts';

const NOT_FOUND = { kind: 'not-found' };
const redirect = (location: string) => ({ kind: 'redirect', location, status: 308 });

describe('strict slashes', () => {
  const map = mapOf([
    ['/docs/', { endpoint: 'docs', methods: ['GET'] }],
    ['/page', 'page'],
    ['/loose/', { endpoint: 'loose', strictSlashes: false }],
    ['/leaf', { endpoint: 'leaf', strictSlashes: false }],
  ]);

  it('redirects a branch URL requested without its slash, keeping the query string', () => {
    assert.deepEqual(
      bindTo(map, { queryString: 'a=1&b=2' }).match('/docs'),
      redirect('http://example.com/docs/?a=1&b=2'),
    );
  });

  it('does not redirect when the method is not allowed at the slash URL (Werkzeug: 404)', () => {
    assert.deepEqual(bindTo(map).match('/docs', 'POST'), NOT_FOUND);
  });

  it('does not match a leaf URL requested with a trailing slash', () => {
    assert.deepEqual(bindTo(map).match('/page/'), NOT_FOUND);
  });

  it('matches both spellings when strictSlashes is false', () => {
    assert.deepEqual(summary(bindTo(map).match('/loose')), ['loose', {}]);
    assert.deepEqual(summary(bindTo(map).match('/leaf/')), ['leaf', {}]);
  });

  it('takes the default from the map', () => {
    const lax = bindTo(mapOf([['/docs/', 'docs']], { strictSlashes: false }));
    assert.deepEqual(summary(lax.match('/docs')), ['docs', {}]);
  });

  it('puts the script name and scheme in the redirect', () => {
    assert.deepEqual(
      bindTo(map, { scriptName: '/app', urlScheme: 'https' }).match('/docs'),
      redirect('https://example.com/app/docs/'),
    );
  });
});

describe('merge slashes', () => {
  const map = mapOf([
    ['/a/b', 'ab'],
    ['/files/<path:p>', 'files'],
    ['/docs/', 'docs'],
  ]);

  it('redirects a path with repeated slashes to the merged path', () => {
    assert.deepEqual(bindTo(map).match('/a//b'), redirect('http://example.com/a/b'));
    assert.deepEqual(bindTo(map).match('/a///b'), redirect('http://example.com/a/b'));
  });

  it('merges and adds the missing trailing slash in one redirect', () => {
    assert.deepEqual(bindTo(map).match('//docs'), redirect('http://example.com/docs/'));
  });

  it('ignores leading slashes like Werkzeug', () => {
    assert.deepEqual(summary(bindTo(map).match('//a/b')), ['ab', {}]);
  });

  it('keeps repeated slashes inside a path variable', () => {
    assert.deepEqual(summary(bindTo(map).match('/files/x//y')), ['files', { p: 'x//y' }]);
  });

  it('is off with mergeSlashes false on the map', () => {
    assert.deepEqual(bindTo(mapOf([['/a/b', 'ab']], { mergeSlashes: false })).match('/a//b'), NOT_FOUND);
  });

  it('is off for a rule with mergeSlashes false', () => {
    assert.deepEqual(
      bindTo(mapOf([['/a/b', { endpoint: 'ab', mergeSlashes: false }]])).match('/a//b'),
      NOT_FOUND,
    );
  });
});

describe('redirect rules', () => {
  const map = mapOf([
    ['/new/<int:id>', 'new'],
    ['/old/<int:id>', { endpoint: 'old', redirectTo: 'new/<id>' }],
    ['/abs/<int:id>', { endpoint: 'abs', redirectTo: '/new/<id>' }],
    ['/fn/<int:id>', { endpoint: 'fn', redirectTo: (params) => `/new/${Number(params.id) + 1}` }],
    ['/ext', { endpoint: 'ext', redirectTo: 'https://other.example/x' }],
    ['/al/<int:id>', { endpoint: 'new', alias: true }],
    ['/all/', { endpoint: 'all', defaults: { page: 1 } }],
    ['/all/page/<int:page>', 'all'],
  ]);

  it('redirects a redirectTo rule, filling in its variables relative to the script root', () => {
    assert.deepEqual(
      bindTo(map, { scriptName: '/app' }).match('/old/5'),
      redirect('http://example.com/app/new/5'),
    );
    assert.deepEqual(
      bindTo(map, { scriptName: '/app' }).match('/abs/5'),
      redirect('http://example.com/new/5'),
    );
  });

  it('calls a redirectTo function with the params', () => {
    assert.deepEqual(bindTo(map).match('/fn/5'), redirect('http://example.com/new/6'));
  });

  it('allows redirecting to another site', () => {
    assert.deepEqual(bindTo(map).match('/ext'), redirect('https://other.example/x'));
  });

  it('redirects an alias to the canonical URL of its endpoint', () => {
    assert.deepEqual(bindTo(map).match('/al/5'), redirect('http://example.com/new/5'));
  });

  it('serves an alias when its endpoint has no other rule to redirect to', () => {
    const lone = bindTo(mapOf([['/only', { endpoint: 'only', alias: true }]]));
    assert.deepEqual(summary(lone.match('/only')), ['only', {}]);
  });

  it('redirects a URL that spells out the defaults of a sibling rule to that rule', () => {
    assert.deepEqual(
      bindTo(map, { queryString: 'q=1' }).match('/all/page/1'),
      redirect('http://example.com/all/?q=1'),
    );
    assert.deepEqual(summary(bindTo(map).match('/all/page/2')), ['all', { page: 2 }]);
    assert.deepEqual(summary(bindTo(map).match('/all/')), ['all', { page: 1 }]);
  });

  it('does not redirect to defaults when the map has redirectDefaults false', () => {
    const lax = mapOf(
      [
        ['/all/', { endpoint: 'all', defaults: { page: 1 } }],
        ['/all/page/<int:page>', 'all'],
      ],
      { redirectDefaults: false },
    );
    assert.deepEqual(summary(bindTo(lax).match('/all/page/1')), ['all', { page: 1 }]);
  });
});

describe('redirects from an adapter bound to a malformed host', () => {
  const map = mapOf([
    ['/docs/', 'docs'],
    ['/a/b', 'ab'],
  ]);

  it('keeps a strict-slash redirect on the current host instead of naming the bad one', () => {
    assert.deepEqual(bindTo(map, { serverName: 'evil.com/x?' }).match('/docs'), redirect('/docs/'));
  });

  it('keeps a merged-slashes redirect on the current host instead of naming the bad one', () => {
    assert.deepEqual(bindTo(map, { serverName: 'user@evil.com' }).match('/a//b'), redirect('/a/b'));
  });
});
