import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { Flagon, Headers, Response } from 'flagon';

function appWith(view: () => unknown): Flagon {
  const app = new Flagon('test');
  app.get('/', view as () => string);
  return app;
}

describe('view return values', () => {
  it('sends a string as UTF-8 HTML', async () => {
    const res = await appWith(() => 'héllo')
      .testClient()
      .get('/');
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(res.text, 'héllo');
  });

  it('sends a plain object as JSON, keys in their order', async () => {
    const res = await appWith(() => ({ b: 1, a: [1, 2] }))
      .testClient()
      .get('/');
    assert.equal(res.mimetype, 'application/json');
    assert.equal(res.text, '{"b":1,"a":[1,2]}\n');
  });

  it('sends an array as JSON', async () => {
    const res = await appWith(() => [1, 'two', { three: 3 }])
      .testClient()
      .get('/');
    assert.deepEqual(res.json, [1, 'two', { three: 3 }]);
  });

  it('reads [body, status] as a tuple', async () => {
    const res = await appWith(() => ['gone', 410])
      .testClient()
      .get('/');
    assert.equal(res.status, 410);
    assert.equal(res.text, 'gone');
  });

  it('reads [body, status, headers] as a tuple', async () => {
    const res = await appWith(() => ['made', 201, { 'X-Id': '7' }])
      .testClient()
      .get('/');
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('x-id'), '7');
  });

  it('reads [body, headers] as a tuple', async () => {
    const res = await appWith(() => ['plain', new Headers({ 'Content-Type': 'text/plain' })])
      .testClient()
      .get('/');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/plain');
  });

  it('sends a Response as it is', async () => {
    const res = await appWith(() => new Response('teapot', { status: 418, mimetype: 'text/plain' }))
      .testClient()
      .get('/');
    assert.equal(res.status, 418);
    assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
  });

  it('streams an async generator', async () => {
    const res = await appWith(async function* () {
      yield 'a';
      yield Buffer.from('b');
      yield 'c';
    })
      .testClient()
      .get('/');
    assert.equal(res.text, 'abc');
  });

  it('streams a Node Readable', async () => {
    const res = await appWith(() => Readable.from(['x', 'y']))
      .testClient()
      .get('/');
    assert.equal(res.text, 'xy');
  });

  it('awaits an async view', async () => {
    const res = await appWith(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return 'later';
    })
      .testClient()
      .get('/');
    assert.equal(res.text, 'later');
  });

  it('answers 500 when a view returns nothing, and says why in the log', async () => {
    const app = appWith(() => undefined);
    const lines: string[] = [];
    app.logger.sink = (_level, line) => lines.push(line);
    const res = await app.testClient().get('/');
    assert.equal(res.status, 500);
    assert.doesNotMatch(res.text, /did not return/);
    assert.match(lines.join('\n'), /did not return a valid response/);
  });

  it('explains a number returned where a response was expected', async () => {
    const app = appWith(() => 42);
    app.config.TESTING = true;
    await assert.rejects(app.testClient().get('/'), {
      name: 'ResponseValueError',
      message: /returned a number \(42\)\. Return a string, an object/,
    });
  });

  it('raises the missing-return error to the test in TESTING mode', async () => {
    const app = appWith(() => undefined);
    app.config.TESTING = true;
    await assert.rejects(app.testClient().get('/'), {
      name: 'ResponseValueError',
      message: /ended without a return/,
    });
  });
});
