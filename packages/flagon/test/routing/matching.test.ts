import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bindTo, mapOf, summary } from './helpers/maps.ts';

const NOT_FOUND = { kind: 'not-found' };

describe('rule ordering', () => {
  const adapter = bindTo(
    mapOf([
      ['/<path:p>', 'path'],
      ['/<name>', 'string'],
      ['/<int:id>', 'int'],
      ['/static', 'static'],
      ['/<a>/bar', 'a_bar'],
      ['/foo/<b>', 'foo_b'],
      ['/x/<n>.html', 'html'],
      ['/x/<n>', 'plain'],
      ['/f/<float:v>', 'float'],
      ['/f/<int:v>', 'int_v'],
    ]),
  );

  it('prefers a static segment over any variable, whatever the order added', () => {
    assert.deepEqual(summary(adapter.match('/static')), ['static', {}]);
  });

  it('tries int before string before path', () => {
    assert.deepEqual(summary(adapter.match('/42')), ['int', { id: 42 }]);
    assert.deepEqual(summary(adapter.match('/abc')), ['string', { name: 'abc' }]);
    assert.deepEqual(summary(adapter.match('/a/b/c')), ['path', { p: 'a/b/c' }]);
  });

  it('decides segment by segment, static first, and backtracks when a later segment fails', () => {
    assert.deepEqual(summary(adapter.match('/foo/bar')), ['foo_b', { b: 'bar' }]);
    assert.deepEqual(summary(adapter.match('/zz/bar')), ['a_bar', { a: 'zz' }]);
  });

  it('prefers a segment with static text around the variable', () => {
    assert.deepEqual(summary(adapter.match('/x/a.html')), ['html', { n: 'a' }]);
    assert.deepEqual(summary(adapter.match('/x/a')), ['plain', { n: 'a' }]);
  });

  it('falls through to the next converter when the first one does not match', () => {
    assert.deepEqual(summary(adapter.match('/f/1.5')), ['float', { v: 1.5 }]);
    assert.deepEqual(summary(adapter.match('/f/1')), ['int_v', { v: 1 }]);
  });

  it('keeps the order rules were added in among equal weights', () => {
    const both = bindTo(
      mapOf([
        ['/<a>', 'first'],
        ['/<b>', 'second'],
      ]),
    );
    assert.deepEqual(summary(both.match('/x')), ['first', { a: 'x' }]);
  });

  it('tries the next rule when a converter rejects the value with ValidationError', () => {
    const ranged = bindTo(
      mapOf([
        ['/n/<int(max=9):n>', 'small'],
        ['/n/<int:n>', 'big'],
      ]),
    );
    assert.deepEqual(summary(ranged.match('/n/5')), ['small', { n: 5 }]);
    assert.deepEqual(summary(ranged.match('/n/50')), ['big', { n: 50 }]);
  });
});

describe('params', () => {
  it('is a plain object with converted values and the rule defaults', () => {
    const result = bindTo(mapOf([['/p/<int:id>', { endpoint: 'p', defaults: { format: 'html' } }]])).match(
      '/p/7',
    );
    assert.equal(result.kind, 'match');
    if (result.kind !== 'match') return;
    assert.equal(Object.getPrototypeOf(result.params), Object.prototype);
    assert.deepEqual(result.params, { id: 7, format: 'html' });
    assert.equal(result.rule.rule, '/p/<int:id>');
  });

  it('is a new object for every match, with the variables in the order of the rule', () => {
    const adapter = bindTo(mapOf([['/<lang>/posts/<int:year>/<slug>', 'post']]));
    const first = adapter.match('/en/posts/2024/hello');
    assert.equal(first.kind, 'match');
    if (first.kind !== 'match') return;
    assert.deepEqual(Object.keys(first.params), ['lang', 'year', 'slug']);
    // A view may change its params; the next match must not see it.
    first.params.year = 1999;
    first.params.extra = true;
    const second = adapter.match('/de/posts/2025/hallo');
    assert.equal(second.kind, 'match');
    if (second.kind === 'match') assert.deepEqual(second.params, { lang: 'de', year: 2025, slug: 'hallo' });
  });

  it('keeps a variable called __proto__ as an ordinary key', () => {
    const result = bindTo(mapOf([['/p/<__proto__>', 'p']])).match('/p/x');
    assert.equal(result.kind, 'match');
    if (result.kind === 'match')
      assert.equal(Object.getOwnPropertyDescriptor(result.params, '__proto__')?.value, 'x');
  });

  it('keeps a default called __proto__ as an ordinary key without touching the prototype', () => {
    const defaults = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    const result = bindTo(mapOf([['/p', { endpoint: 'p', defaults }]])).match('/p');
    assert.equal(result.kind, 'match');
    if (result.kind !== 'match') return;
    assert.deepEqual(Object.getOwnPropertyDescriptor(result.params, '__proto__')?.value, { polluted: true });
    assert.equal((result.params as { polluted?: unknown }).polluted, undefined);
  });
});

describe('OPTIONS matching', () => {
  const map = mapOf([
    ['/items', { endpoint: 'list', methods: ['GET', 'OPTIONS'] }],
    ['/items', { endpoint: 'create', methods: ['POST', 'OPTIONS'] }],
    ['/items/new', { endpoint: 'form', methods: ['GET', 'OPTIONS'] }],
    ['/items/<name>', { endpoint: 'update', methods: ['PUT', 'OPTIONS'] }],
    ['/items/<int:id>/edit', { endpoint: 'edit', methods: ['GET', 'OPTIONS'] }],
    ['/docs/', { endpoint: 'docs', methods: ['GET', 'OPTIONS'], strictSlashes: false }],
    ['/any', 'any'],
    ['/<path:rest>', { endpoint: 'catchall', methods: ['DELETE', 'OPTIONS'] }],
  ]);

  it('finds the rule a plain walk finds and lists the methods of every rule for the path', () => {
    const result = bindTo(map).match('/items', 'OPTIONS');
    assert.deepEqual(summary(result), ['list', {}]);
    assert.deepEqual(result.kind === 'match' && result.allowed, ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST']);
  });

  it('gives, for every path, the methods allowedMethods gives', () => {
    for (const path of [
      '/items',
      '/items/new',
      '/items/x',
      '/items/3/edit',
      '/deep/er/path',
      '/docs/',
      '/docs',
    ]) {
      const adapter = bindTo(map);
      const result = adapter.match(path, 'OPTIONS');
      assert.equal(result.kind, 'match', path);
      assert.deepEqual(result.kind === 'match' && result.allowed, adapter.allowedMethods(path), path);
    }
  });

  it('keeps the first rule when a static and a variable rule both take the path', () => {
    const result = bindTo(map).match('/items/new', 'OPTIONS');
    assert.deepEqual(summary(result), ['form', {}]);
    assert.deepEqual(result.kind === 'match' && result.allowed, ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PUT']);
  });

  it('lists no methods where a rule takes any method (as Werkzeug)', () => {
    const result = bindTo(map).match('/any', 'OPTIONS');
    assert.deepEqual(summary(result), ['any', {}]);
    assert.deepEqual(result.kind === 'match' && result.allowed, []);
  });

  it('matches a rule without strict slashes from the slash-less path, listing what allowedMethods lists', () => {
    const adapter = bindTo(map);
    const result = adapter.match('/docs', 'OPTIONS');
    assert.deepEqual(summary(result), ['docs', {}]);
    // As Werkzeug's allowed_methods: the slash-less path's own rules (here the catch-all), not '/docs/'.
    assert.deepEqual(result.kind === 'match' && result.allowed, ['DELETE', 'OPTIONS']);
    assert.deepEqual(adapter.allowedMethods('/docs'), ['DELETE', 'OPTIONS']);
  });

  it('still redirects to the slashed rule when nothing takes the slash-less path', () => {
    const strict = bindTo(mapOf([['/guide/', { endpoint: 'guide', methods: ['GET', 'OPTIONS'] }]]));
    assert.equal(strict.match('/guide', 'OPTIONS').kind, 'redirect');
  });

  it('adds the methods only to OPTIONS matches', () => {
    const result = bindTo(map).match('/items', 'GET');
    assert.equal(result.kind === 'match' && 'allowed' in result, false);
  });
});

describe('methods', () => {
  const map = mapOf([
    ['/items', { endpoint: 'list', methods: ['get'] }],
    ['/items', { endpoint: 'create', methods: ['POST'] }],
    ['/any', 'any'],
  ]);

  it('picks the rule whose methods include the request method', () => {
    assert.deepEqual(summary(bindTo(map).match('/items', 'POST')), ['create', {}]);
    assert.deepEqual(summary(bindTo(map).match('/items', 'get')), ['list', {}]);
  });

  it('lets HEAD through wherever GET is allowed', () => {
    assert.deepEqual(summary(bindTo(map).match('/items', 'HEAD')), ['list', {}]);
  });

  it('answers method-not-allowed with the sorted union of allowed methods plus OPTIONS', () => {
    assert.deepEqual(bindTo(map).match('/items', 'DELETE'), {
      kind: 'method-not-allowed',
      allowed: ['GET', 'HEAD', 'OPTIONS', 'POST'],
    });
  });

  it('accepts every method on a rule without methods', () => {
    assert.deepEqual(summary(bindTo(map).match('/any', 'PATCH')), ['any', {}]);
  });

  it('uses the bound method when match is called without one', () => {
    assert.deepEqual(summary(bindTo(map, { method: 'POST' }).match('/items')), ['create', {}]);
  });

  it('lists the allowed methods of a path', () => {
    assert.deepEqual(bindTo(map).allowedMethods('/items'), ['GET', 'HEAD', 'OPTIONS', 'POST']);
    assert.deepEqual(bindTo(map).allowedMethods('/nothing'), []);
  });

  it('reports no allowed methods for a path a method-less rule answers (as Werkzeug)', () => {
    assert.deepEqual(bindTo(map).allowedMethods('/any'), []);
  });

  it('falls through to a variable rule when the static rule for the path takes other methods', () => {
    const mixed = bindTo(
      mapOf([
        ['/items/new', { endpoint: 'form', methods: ['GET'] }],
        ['/items/<name>', { endpoint: 'update', methods: ['POST'] }],
      ]),
    );
    assert.deepEqual(summary(mixed.match('/items/new', 'POST')), ['update', { name: 'new' }]);
    assert.deepEqual(summary(mixed.match('/items/new', 'GET')), ['form', {}]);
    assert.deepEqual(mixed.match('/items/new', 'PUT'), {
      kind: 'method-not-allowed',
      allowed: ['GET', 'HEAD', 'OPTIONS', 'POST'],
    });
  });

  it('matches a percent-encoded spelling of a static path', () => {
    assert.deepEqual(summary(bindTo(map).match('/%69tems', 'GET')), ['list', {}]);
  });

  it('answers not-found, not method-not-allowed, when a converter rejects the value', () => {
    const ranged = bindTo(mapOf([['/n/<int(max=9):n>', { endpoint: 'n', methods: ['GET'] }]]));
    assert.deepEqual(ranged.match('/n/50', 'POST'), NOT_FOUND);
  });
});
