import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { currentApp, Flagon, g, hasRequestContext, Request, request } from 'flagon';

describe('context locals', () => {
  it('throws a working-outside-of-request-context error when no request is active', () => {
    assert.throws(() => request.path, {
      name: 'ContextError',
      message: /Working outside of request context/,
    });
  });

  it('throws a working-outside-of-application-context error for g with no app context', () => {
    assert.throws(() => g.user, { name: 'ContextError', message: /Working outside of application context/ });
  });

  it('gives currentApp and g inside appContext().run', () => {
    const app = new Flagon('my-app');
    const result = app.appContext().run(() => {
      g.value = 3;
      return `${currentApp.name}:${String(g.value)}`;
    });
    assert.equal(result, 'my-app:3');
  });

  it('makes request available in testRequestContext', () => {
    const app = new Flagon('test');
    const q = app.testRequestContext('/search?q=flagon').run(() => request.args.get('q'));
    assert.equal(q, 'flagon');
  });

  it('reports whether a request context is active', async () => {
    const app = new Flagon('test');
    app.get('/', () => String(hasRequestContext()));
    assert.equal(hasRequestContext(), false);
    assert.equal((await app.testClient().get('/')).text, 'true');
  });

  it('passes the request to views explicitly as well', async () => {
    const app = new Flagon('test');
    app.get(
      '/p',
      (_params, req) => `${req instanceof Request}:${req.path}:${request.path}:${req.args.get('x')}`,
    );
    assert.equal((await app.testClient().get('/p?x=1')).text, 'true:/p:/p:1');
  });

  it('supports g helpers get, pop, setDefault and has', () => {
    const app = new Flagon('test');
    app.appContext().run(() => {
      assert.equal(g.get('missing', 'fallback'), 'fallback');
      g.setDefault('a', 1);
      assert.equal(g.has('a'), true);
      assert.equal(g.pop('a'), 1);
      assert.equal(g.has('a'), false);
    });
  });
});
