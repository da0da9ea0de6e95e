import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { abort, Flagon, HTTPException, NotFound } from 'flagon';

class AppError extends Error {}
class PaymentError extends AppError {}

describe('error handlers', () => {
  it('turns abort(404) into the 404 page', async () => {
    const app = new Flagon('test');
    app.get('/', () => abort(404));
    const res = await app.testClient().get('/');
    assert.equal(res.status, 404);
    assert.match(res.text, /<h1>Not Found<\/h1>/);
  });

  it('uses a handler registered for a status code', async () => {
    const app = new Flagon('test');
    app.errorHandler(404, () => ['custom missing', 404]);
    const res = await app.testClient().get('/missing');
    assert.equal(res.status, 404);
    assert.equal(res.text, 'custom missing');
  });

  it('uses the handler of the closest error class', async () => {
    const app = new Flagon('test');
    app.errorHandler(AppError, () => ['app error', 400]);
    app.errorHandler(PaymentError, () => ['payment error', 402]);
    app.get('/', () => {
      throw new PaymentError('no money');
    });
    const res = await app.testClient().get('/');
    assert.equal(res.status, 402);
    assert.equal(res.text, 'payment error');
  });

  it('lets a handler for HTTPException catch every HTTP error', async () => {
    const app = new Flagon('test');
    app.errorHandler(HTTPException, (e) => [
      { code: (e as HTTPException).code },
      (e as HTTPException).code ?? 500,
    ]);
    const res = await app.testClient().get('/nope');
    assert.deepEqual(res.json, { code: 404 });
  });

  it('hides the stack of an unhandled error and keeps serving', async () => {
    const app = new Flagon('test');
    const logged: string[] = [];
    app.logger.sink = (_level, line) => logged.push(line);
    app.get('/crash', () => {
      throw new Error('secret detail');
    });
    app.get('/fine', () => 'fine');
    const client = app.testClient();
    const res = await client.get('/crash');
    assert.equal(res.status, 500);
    assert.doesNotMatch(res.text, /secret detail|at /);
    assert.match(logged.join('\n'), /secret detail/);
    assert.equal((await client.get('/fine')).text, 'fine');
  });

  it('passes the original error to a 500 handler', async () => {
    const app = new Flagon('test');
    app.logger.sink = () => {};
    app.errorHandler(500, (e) => [
      `failed: ${String((e as { originalException?: Error }).originalException?.message)}`,
      500,
    ]);
    app.get('/', () => {
      throw new Error('db down');
    });
    const res = await app.testClient().get('/');
    assert.equal(res.status, 500);
    assert.equal(res.text, 'failed: db down');
  });

  it('rejects an error handler for a code that is not an HTTP error', () => {
    const app = new Flagon('test');
    assert.throws(() => app.errorHandler(299, () => ''), {
      name: 'SetupError',
      message: /299 is not an HTTP error code/,
    });
  });

  it('sends a NotFound raised with a custom description', async () => {
    const app = new Flagon('test');
    app.get('/', () => {
      throw new NotFound('No such <post>.');
    });
    const res = await app.testClient().get('/');
    assert.match(res.text, /No such &lt;post&gt;\./);
  });
});

describe('HTTPException.getResponse', () => {
  it('builds the error page response with its status and headers', async () => {
    const { MethodNotAllowed } = await import('flagon');
    const response = new MethodNotAllowed(undefined, { validMethods: ['GET', 'HEAD'] }).getResponse();
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'GET, HEAD');
    assert.match(await response.getText(), /<h1>Method Not Allowed<\/h1>/);
  });
});
