// `app.respond` answers without a promise when nothing on the way is asynchronous; whenever something is,
// it must behave exactly as the full request cycle.
import assert from 'node:assert/strict';
import { AsyncLocalStorage } from 'node:async_hooks';
import { describe, it } from 'node:test';
import { Flagon, Response, request, session } from 'flagon';

function get(app: Flagon, path: string, headers: Record<string, string> = {}) {
  return app.createRequest({
    method: 'GET',
    target: path,
    headers: ['Host', 'localhost', ...Object.entries(headers).flat()],
    body: null,
    host: 'localhost',
  });
}

async function settle(result: Response | Promise<Response>): Promise<{ status: number; text: string }> {
  const response = await result;
  return { status: response.status, text: await response.getText() };
}

/** Status and log of an app whose one view is `view`: for a view that returns (or resolves to) nothing. */
async function statusAndLog(view: () => unknown): Promise<{ status: number; log: string }> {
  const app = new Flagon('test');
  const logged: string[] = [];
  app.logger.sink = (_level, text) => logged.push(text);
  app.get('/', view as () => string);
  const { status } = await settle(app.respond(get(app, '/')));
  return { status, log: logged.join('\n') };
}

/** The Set-Cookie header of the response of an app with a secret key whose one view is `view`. */
async function setCookieAfter(view: () => unknown): Promise<string> {
  const app = new Flagon('test');
  app.config.SECRET_KEY = 'test key';
  app.get('/', view as () => string);
  const response = await app.respond(get(app, '/'));
  return response.headers.get('set-cookie') ?? '';
}

describe('app.respond', () => {
  it('answers a synchronous view with the response itself, not a promise', () => {
    const app = new Flagon('test');
    app.get('/', () => 'hello');
    const result = app.respond(get(app, '/'));
    assert.ok(result instanceof Response);
    assert.equal(result.body, 'hello');
  });

  it('gives the context locals to a synchronous view on the fast path', () => {
    const app = new Flagon('test');
    app.get('/where', () => `${request.method} ${request.path}`);
    const result = app.respond(get(app, '/where'));
    assert.ok(result instanceof Response);
    assert.equal(result.body, 'GET /where');
  });

  it('answers a path no rule matches with 404', async () => {
    const app = new Flagon('test');
    app.get('/', () => 'home');
    const result = app.respond(get(app, '/missing'));
    assert.equal((await settle(result)).status, 404);
  });

  it('waits for an async view', async () => {
    const app = new Flagon('test');
    app.get('/', async () => 'later');
    const result = app.respond(get(app, '/'));
    assert.ok(result instanceof Promise);
    assert.deepEqual(await settle(result), { status: 200, text: 'later' });
  });

  it('runs beforeRequest hooks, which take it off the fast path', async () => {
    const app = new Flagon('test');
    app.beforeRequest(() => ['stopped', 403]);
    app.get('/', () => 'view');
    const result = app.respond(get(app, '/'));
    assert.ok(result instanceof Promise);
    assert.deepEqual(await settle(result), { status: 403, text: 'stopped' });
  });

  it('sends an error thrown by a synchronous view to its error handler', async () => {
    const app = new Flagon('test');
    class Missing extends Error {}
    app.errorHandler(Missing, () => ['handled', 410]);
    app.get('/', () => {
      throw new Missing('gone');
    });
    assert.deepEqual(await settle(app.respond(get(app, '/'))), { status: 410, text: 'handled' });
  });

  it('turns an unhandled error of a synchronous view into a 500', async () => {
    const app = new Flagon('test');
    app.logger.sink = () => {};
    app.get('/', () => {
      throw new Error('boom');
    });
    assert.equal((await settle(app.respond(get(app, '/')))).status, 500);
  });

  it('reports a view that returned nothing as a 500 naming the endpoint', async () => {
    const { status, log } = await statusAndLog(function index() {
      return undefined;
    });
    assert.equal(status, 500);
    assert.match(log, /The view function for "index" did not return a valid response/);
  });

  it('saves a session a synchronous view wrote to', async () => {
    const cookie = await setCookieAfter(() => {
      session.set('seen', true);
      return 'ok';
    });
    assert.match(cookie, /^session=/);
  });

  it('runs afterRequest hooks after a view the fast path already ran', async () => {
    // No hook runs before the view, so the fast path calls it; the afterRequest hook then continues the cycle.
    // (hooks.test.ts covers the full cycle with every hook.)
    const app = new Flagon('test');
    const calls: string[] = [];
    app.afterRequest((response) => {
      calls.push('after');
      response.headers.set('X-After', 'yes');
      return response;
    });
    app.get('/', () => {
      calls.push('view');
      return 'ok';
    });
    const response = await app.respond(get(app, '/'));
    assert.deepEqual(calls, ['view', 'after']);
    assert.equal(response.headers.get('x-after'), 'yes');
  });

  it('keeps the context locals in an async view after it awaits', async () => {
    const app = new Flagon('test');
    app.get('/late', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return `${request.method} ${request.path}`;
    });
    assert.deepEqual(await settle(app.respond(get(app, '/late'))), { status: 200, text: 'GET /late' });
  });

  it('sends an error an async view rejects with to its error handler', async () => {
    const app = new Flagon('test');
    class Missing extends Error {}
    app.errorHandler(Missing, () => ['handled', 410]);
    app.get('/', async () => {
      await Promise.resolve();
      throw new Missing('gone');
    });
    assert.deepEqual(await settle(app.respond(get(app, '/'))), { status: 410, text: 'handled' });
  });

  it('saves a session an async view opened only after awaiting', async () => {
    // The fast path decides how to finish once the view has settled, not when it was called.
    const cookie = await setCookieAfter(async () => {
      await Promise.resolve();
      session.set('seen', true);
      return 'ok';
    });
    assert.match(cookie, /^session=/);
  });

  it('reports an async view that resolved to nothing as a 500 naming the endpoint', async () => {
    const { status, log } = await statusAndLog(async function later() {
      return undefined;
    });
    assert.equal(status, 500);
    assert.match(log, /The view function for "later" did not return a valid response/);
  });

  it("keeps the caller's other async-local values inside the view and gives the caller its context back", () => {
    const app = new Flagon('test');
    const tracing = new AsyncLocalStorage<string>();
    app.get('/', () => `${tracing.getStore()} ${request.path}`);
    tracing.run('span-1', () => {
      const result = app.respond(get(app, '/'));
      assert.ok(result instanceof Response);
      assert.equal(result.body, 'span-1 /');
      assert.equal(tracing.getStore(), 'span-1');
      assert.throws(() => request.path, /outside of request context/);
    });
  });

  it('gives the caller its context back when the view throws', async () => {
    const app = new Flagon('test');
    const tracing = new AsyncLocalStorage<string>();
    app.get('/', () => {
      throw new Error('boom');
    });
    app.logger.sink = () => {};
    await tracing.run('span-2', async () => {
      const result = app.respond(get(app, '/'));
      assert.equal(tracing.getStore(), 'span-2');
      assert.throws(() => request.path, /outside of request context/);
      assert.equal((await result).status, 500);
      assert.equal(tracing.getStore(), 'span-2');
    });
  });

  it("keeps the request and the caller's values across the awaits of an asynchronous view", async () => {
    const app = new Flagon('test');
    const tracing = new AsyncLocalStorage<string>();
    app.get('/slow', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return `${tracing.getStore()} ${request.path}`;
    });
    await tracing.run('span-3', async () => {
      const response = await app.respond(get(app, '/slow'));
      assert.equal(response.body, 'span-3 /slow');
      assert.equal(tracing.getStore(), 'span-3');
    });
  });

  it('keeps the request for callbacks a synchronous view schedules', async () => {
    const app = new Flagon('test');
    const later = Promise.withResolvers<string>();
    app.get('/scheduled', () => {
      setTimeout(() => later.resolve(request.path), 1);
      return 'ok';
    });
    assert.ok(app.respond(get(app, '/scheduled')) instanceof Response);
    assert.equal(await later.promise, '/scheduled');
  });
});
