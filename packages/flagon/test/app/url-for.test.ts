import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Flagon, urlFor } from 'flagon';

function blogApp(): Flagon {
  const app = new Flagon('test');
  app.get('/', function index() {
    return 'home';
  });
  app.get('/post/<int:id>', function post() {
    return 'post';
  });
  app.get('/files/<path:name>', function files() {
    return 'file';
  });
  return app;
}

function build(app: Flagon, fn: () => string): string {
  return app.testRequestContext('/').run(fn);
}

describe('urlFor', () => {
  it('builds a path with converted params', () => {
    assert.equal(
      build(blogApp(), () => urlFor('post', { id: 3 })),
      '/post/3',
    );
  });

  it('puts unknown values in the query string, repeating array keys', () => {
    const url = build(blogApp(), () => urlFor('index', { q: 'a b', tag: ['x', 'y'] }));
    assert.match(url, /^\/\?/);
    const query = new URLSearchParams(url.split('?')[1]);
    assert.equal(query.get('q'), 'a b');
    assert.deepEqual(query.getAll('tag'), ['x', 'y']);
  });

  it('adds an anchor', () => {
    assert.equal(
      build(blogApp(), () => urlFor('post', { id: 1, _anchor: 'comments' })),
      '/post/1#comments',
    );
  });

  it('builds an external URL from the request host', () => {
    const app = blogApp();
    const url = app
      .testRequestContext('/', { headers: { Host: 'blog.example:8080' } })
      .run(() => urlFor('post', { id: 2, _external: true }));
    assert.equal(url, 'http://blog.example:8080/post/2');
  });

  it('uses the given scheme for an external URL', () => {
    const url = build(blogApp(), () => urlFor('index', { _external: true, _scheme: 'https' }));
    assert.match(url, /^https:\/\/localhost\/$/);
  });

  it('refuses a scheme without _external', () => {
    assert.throws(() => build(blogApp(), () => urlFor('index', { _scheme: 'https' })), /_external/);
  });

  it('builds external URLs from SERVER_NAME in an app context', () => {
    const app = blogApp();
    app.config.SERVER_NAME = 'example.org';
    const url = app.appContext().run(() => urlFor('post', { id: 9 }));
    assert.equal(url, 'http://example.org/post/9');
  });

  it('throws BuildError naming the endpoint and the missing value', () => {
    assert.throws(
      () => build(blogApp(), () => urlFor('post')),
      (error: Error) => {
        assert.equal(error.name, 'BuildError');
        assert.match(error.message, /post/);
        assert.match(error.message, /id/);
        return true;
      },
    );
  });

  it('suggests a close endpoint name for a typo', () => {
    assert.throws(() => build(blogApp(), () => urlFor('pots', { id: 1 })), /post/);
  });

  it('accepts a route handle, typed from its rule', () => {
    const app = new Flagon('test');
    const profile = app.get('/u/<int:id>', function profile({ id }) {
      return String(id);
    });
    assert.equal(
      build(app, () => urlFor(profile, { id: 5 })),
      '/u/5',
    );
  });

  it('fills values from urlDefaults hooks', () => {
    const app = new Flagon('test');
    app.get('/<lang>/', function home() {
      return 'home';
    });
    app.urlDefaults((_endpoint, values) => {
      values.lang ??= 'en';
    });
    assert.equal(
      build(app, () => urlFor('home')),
      '/en/',
    );
  });

  it('throws a clear error outside any context', () => {
    assert.throws(() => urlFor('index'), { name: 'ContextError', message: /application context/ });
  });
});
