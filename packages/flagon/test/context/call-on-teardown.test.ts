import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ContextError, callOnTeardown, Flagon } from 'flagon';

describe('callOnTeardown', () => {
  it('runs the callback after a view that returns, with null for the error', async () => {
    const app = new Flagon('test');
    const seen: unknown[] = [];
    app.get('/', () => {
      callOnTeardown((error) => seen.push(error));
      return 'ok';
    });
    const res = await app.testClient().get('/');
    assert.equal(res.text, 'ok');
    assert.deepEqual(seen, [null]);
  });

  it('runs the callback after an async view that throws, with the error', async () => {
    const app = new Flagon('test');
    app.logger.sink = () => {};
    const seen: unknown[] = [];
    app.get('/', async () => {
      callOnTeardown((error) => seen.push((error as Error).message));
      throw new Error('boom');
    });
    assert.equal((await app.testClient().get('/')).status, 500);
    assert.deepEqual(seen, ['boom']);
  });

  it('runs callbacks last added first, before teardownRequest hooks, and only for their own request', async () => {
    const app = new Flagon('test');
    const order: string[] = [];
    app.teardownRequest(() => void order.push('hook'));
    app.get('/with', () => {
      callOnTeardown(() => order.push('first'));
      callOnTeardown(() => order.push('second'));
      return 'ok';
    });
    app.get('/without', () => 'ok');
    await app.testClient().get('/with');
    await app.testClient().get('/without');
    assert.deepEqual(order, ['second', 'first', 'hook', 'hook']);
  });

  it('logs a failing callback and still runs the others', async () => {
    const app = new Flagon('test');
    const lines: string[] = [];
    app.logger.sink = (_level, line) => lines.push(line);
    let ran = false;
    app.get('/', () => {
      callOnTeardown(() => {
        ran = true;
      });
      callOnTeardown(() => {
        throw new Error('teardown failed');
      });
      return 'ok';
    });
    assert.equal((await app.testClient().get('/')).status, 200);
    assert.ok(ran);
    assert.match(lines.join('\n'), /callOnTeardown callback failed/);
  });

  it('refuses to run outside a request', () => {
    assert.throws(() => callOnTeardown(() => {}), ContextError);
    const app = new Flagon('test');
    assert.throws(() => app.appContext().run(() => callOnTeardown(() => {})), ContextError);
  });
});
