import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BuildError } from '../../src/routing/errors.ts';
import { bindTo, mapOf } from './helpers/maps.ts';

const map = mapOf([
  ['/', 'index'],
  ['/user/<int:id>', 'user'],
  ['/all/', { endpoint: 'all', defaults: { page: 1 } }],
  ['/all/page/<int:page>', 'all'],
  ['/items', { endpoint: 'items', methods: ['GET'] }],
  ['/items/new', { endpoint: 'items', methods: ['POST'] }],
  ['/static/<path:filename>', { endpoint: 'static', buildOnly: true }],
  ['/café/<name>', 'cafe'],
  ['/user_profile/<name>', 'user_profile'],
]);

describe('building URLs', () => {
  it('fills the rule variables', () => {
    assert.equal(bindTo(map).build('user', { id: 3 }), '/user/3');
  });

  it('puts unused values in the query string, arrays repeating the key and spaces as "+"', () => {
    assert.equal(
      bindTo(map).build('user', { id: 3, q: 'a b', tag: ['x', 'y'] }),
      '/user/3?q=a+b&tag=x&tag=y',
    );
  });

  it('encodes query keys and values like Werkzeug', () => {
    assert.equal(
      bindTo(map).build('index', { q: 'a+b/c:d&e=f~!$()*,;@', 'k y': 'é' }),
      '/?q=a%2Bb%2Fc%3Ad%26e%3Df~!$()*,;%40&k+y=%C3%A9',
    );
  });

  it('drops null and undefined values, also inside arrays', () => {
    assert.equal(bindTo(map).build('user', { id: 3, a: null, b: undefined, c: [null, 'x'] }), '/user/3?c=x');
  });

  it('leaves unused values out with appendUnknown false', () => {
    assert.equal(bindTo(map).build('user', { id: 3, q: 'x' }, { appendUnknown: false }), '/user/3');
  });

  it('prefixes the script name', () => {
    assert.equal(bindTo(map, { scriptName: '/app' }).build('user', { id: 3 }), '/app/user/3');
    assert.equal(bindTo(map, { scriptName: '/app/' }).build('index'), '/app/');
  });

  it('builds an external URL with forceExternal, using the bound or given scheme', () => {
    assert.equal(bindTo(map).build('user', { id: 3 }, { forceExternal: true }), 'http://example.com/user/3');
    assert.equal(
      bindTo(map, { scriptName: '/app' }).build(
        'user',
        { id: 3 },
        { forceExternal: true, urlScheme: 'https' },
      ),
      'https://example.com/app/user/3',
    );
  });

  it('builds a scheme-relative URL when the scheme is empty', () => {
    assert.equal(bindTo(map).build('index', {}, { forceExternal: true, urlScheme: '' }), '//example.com/');
  });

  it('appends an encoded anchor after the query string', () => {
    assert.equal(
      bindTo(map).build('user', { id: 3, q: 1 }, { anchor: 'sec 2/é' }),
      '/user/3?q=1#sec%202/%C3%A9',
    );
  });

  it('encodes static text of the rule', () => {
    assert.equal(bindTo(map).build('cafe', { name: 'x' }), '/caf%C3%A9/x');
  });

  it('chooses the rule whose defaults equal the given values', () => {
    assert.equal(bindTo(map).build('all', { page: 1 }), '/all/');
    assert.equal(bindTo(map).build('all', { page: 2 }), '/all/page/2');
    assert.equal(bindTo(map).build('all'), '/all/');
  });

  it('chooses the rule for the requested method', () => {
    assert.equal(bindTo(map).build('items', {}, { method: 'POST' }), '/items/new');
    assert.equal(bindTo(map).build('items', {}, { method: 'get' }), '/items');
  });

  it('tries the bound method first, then any method', () => {
    assert.equal(bindTo(map, { method: 'POST' }).build('items'), '/items/new');
    assert.equal(bindTo(map).build('items'), '/items');
  });

  it('builds build-only rules, which never match', () => {
    assert.equal(bindTo(map).build('static', { filename: 'css/site.css' }), '/static/css/site.css');
    assert.equal(bindTo(map).match('/static/css/site.css').kind, 'not-found');
  });

  it('does not let converter output inject "?" or "#" or spaces', () => {
    assert.equal(bindTo(map).build('static', { filename: 'a?b#c d' }), '/static/a%3Fb%23c%20d');
  });

  it('round-trips values through build and match', () => {
    const adapter = bindTo(map);
    for (const name of ['a/b', 'a b', '100%', 'é', '%2F', '?#&=+']) {
      const url = adapter.build('user_profile', { name });
      const result = adapter.match(url);
      assert.equal(result.kind, 'match', url);
      if (result.kind === 'match') assert.equal(result.params.name, name, url);
    }
  });

  it('costs the same whatever the number of unrelated rules (rules are indexed by endpoint)', () => {
    const big = mapOf(Array.from({ length: 2000 }, (_, i) => [`/r${i}/<int:id>`, `e${i}`] as const));
    assert.equal(bindTo(big).build('e1999', { id: 1 }), '/r1999/1');
    assert.equal(big.rulesFor('e5').length, 1);
  });
});

describe('BuildError', () => {
  const attempt = (build: () => unknown): BuildError => {
    try {
      build();
    } catch (error) {
      assert.ok(error instanceof BuildError);
      return error;
    }
    assert.fail('expected a BuildError');
  };

  it('suggests a close endpoint name for an unknown endpoint', () => {
    const error = attempt(() => bindTo(map).build('user_profil', { name: 'x' }));
    assert.equal(error.endpoint, 'user_profil');
    assert.match(error.message, /Could not build a URL for endpoint 'user_profil' with values \['name'\]/);
    assert.match(error.message, /Did you mean 'user_profile'\?/);
  });

  it('says plainly when no endpoint is close', () => {
    const error = attempt(() => bindTo(map).build('zzzzzzzzzz'));
    assert.match(error.message, /No rule has this endpoint\. Check its spelling/);
  });

  it('names the missing values and the rule needing them', () => {
    const error = attempt(() => bindTo(map).build('user', { q: 1 }));
    assert.match(
      error.message,
      /Did you forget to specify values \['id'\]\? Rule '\/user\/<int:id>' needs them/,
    );
    assert.deepEqual({ ...error.values }, { q: 1 });
  });

  it('names the methods the rules accept when none accepts the requested one', () => {
    const error = attempt(() => bindTo(map).build('items', {}, { method: 'DELETE' }));
    assert.equal(error.method, 'DELETE');
    assert.match(error.message, /one of \[GET, HEAD, POST\]/);
  });

  it('repeats the reason a converter refused a value', () => {
    const error = attempt(() => bindTo(map).build('user', { id: 'abc' }));
    assert.match(error.message, /Rule '\/user\/<int:id>' cannot take id: 'abc' is not an integer/);
  });

  it('lists the rules of the endpoint', () => {
    const error = attempt(() => bindTo(map).build('items', {}, { method: 'PUT' }));
    assert.match(error.message, /Its rules: '\/items' \(GET, HEAD\), '\/items\/new' \(POST\)/);
  });
});
