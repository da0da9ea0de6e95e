import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Flagon, g, request } from 'flagon';

describe('request hooks', () => {
  it('runs beforeRequest, the view, afterRequest and teardownRequest in order', async () => {
    const app = new Flagon('test');
    const calls: string[] = [];
    app.beforeRequest(() => {
      calls.push('before');
    });
    app.afterRequest((response) => {
      calls.push('after');
      return response;
    });
    app.teardownRequest(() => {
      calls.push('teardown');
    });
    app.get('/', () => {
      calls.push('view');
      return 'ok';
    });
    await app.testClient().get('/');
    assert.deepEqual(calls, ['before', 'view', 'after', 'teardown']);
  });

  it('stops the request when beforeRequest returns a value', async () => {
    const app = new Flagon('test');
    let viewRan = false;
    app.beforeRequest(() => ['blocked', 403]);
    app.get('/', () => {
      viewRan = true;
      return 'ok';
    });
    const res = await app.testClient().get('/');
    assert.equal(res.status, 403);
    assert.equal(res.text, 'blocked');
    assert.equal(viewRan, false);
  });

  it('runs afterRequest hooks in reverse order of registration', async () => {
    const app = new Flagon('test');
    const calls: string[] = [];
    app.afterRequest((r) => {
      calls.push('first');
      return r;
    });
    app.afterRequest((r) => {
      calls.push('second');
      return r;
    });
    app.get('/', () => 'ok');
    await app.testClient().get('/');
    assert.deepEqual(calls, ['second', 'first']);
  });

  it('lets afterRequest edit the response headers', async () => {
    const app = new Flagon('test');
    app.afterRequest((response) => {
      response.headers.set('X-Frame-Options', 'DENY');
      return response;
    });
    app.get('/', () => 'ok');
    const res = await app.testClient().get('/');
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
  });

  it('gives teardownRequest the unhandled error', async () => {
    const app = new Flagon('test');
    app.logger.sink = () => {};
    let seen: unknown = 'not called';
    app.teardownRequest((error) => {
      seen = error;
    });
    app.get('/', () => {
      throw new Error('boom');
    });
    const res = await app.testClient().get('/');
    assert.equal(res.status, 500);
    assert.equal((seen as Error).message, 'boom');
  });

  it('runs async hooks and keeps g across them', async () => {
    const app = new Flagon('test');
    app.beforeRequest(async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      g.visitor = 'ada';
    });
    app.get('/', async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return `user=${String(g.visitor)} path=${request.path}`;
    });
    const res = await app.testClient().get('/');
    assert.equal(res.text, 'user=ada path=/');
  });

  it('lets urlValuePreprocessor move a param into g', async () => {
    const app = new Flagon('test');
    app.urlValuePreprocessor((_endpoint, values) => {
      if (values && 'lang' in values) {
        g.lang = values.lang;
        delete values.lang;
      }
    });
    app.get('/<lang>/about', function about(params) {
      return `${String(g.lang)} ${Object.keys(params).length}`;
    });
    const res = await app.testClient().get('/fr/about');
    assert.equal(res.text, 'fr 0');
  });

  it('keeps concurrent requests apart in the context locals', async () => {
    const app = new Flagon('test');
    app.get('/echo/<int:n>', async ({ n }) => {
      g.n = n;
      await new Promise((resolve) => setTimeout(resolve, (10 - n) * 2));
      return `${String(g.n)}:${request.path}`;
    });
    const client = app.testClient();
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => client.get(`/echo/${n}`)));
    assert.deepEqual(
      results.map((r) => r.text),
      [1, 2, 3, 4, 5].map((n) => `${n}:/echo/${n}`),
    );
  });
});
