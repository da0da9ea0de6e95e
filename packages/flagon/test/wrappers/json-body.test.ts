import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Flagon, JsonSerializationError, type RunningServer } from 'flagon';
import { rawExchange, statusLines } from '../server/helpers/raw-http.ts';

function makeApp(): Flagon {
  const app = new Flagon('json-bodies', { staticFolder: null });
  app.logger.sink = () => {};
  app.post('/echo', async (_params, request) => ({ got: await request.json }));
  return app;
}

const nested = (depth: number, inner = '1') => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;

describe('JSON request bodies', () => {
  it('answers 400 to a body that is not valid UTF-8, not U+FFFD', async () => {
    const body = Buffer.from([0x22, 0xff, 0xfe, 0x22]); // "\xff\xfe"
    const res = await makeApp().testClient().post('/echo', { body, contentType: 'application/json' });
    assert.equal(res.status, 400);
  });

  it('answers 400 to arrays nested 100,000 deep', async () => {
    const res = await makeApp()
      .testClient()
      .post('/echo', { body: nested(100_000), contentType: 'application/json' });
    assert.equal(res.status, 400);
    assert.match(res.text, /MAX_JSON_DEPTH/);
  });

  it('answers the same 400 when the deep body also holds \\u escapes', async () => {
    const res = await makeApp()
      .testClient()
      .post('/echo', { body: nested(100_000, '"\\u0041"'), contentType: 'application/json' });
    assert.equal(res.status, 400);
    assert.match(res.text, /MAX_JSON_DEPTH/);
  });

  it('accepts nesting up to MAX_JSON_DEPTH (500 by default) and echoes it back', async () => {
    const client = makeApp().testClient();
    const res = await client.post('/echo', { body: nested(500), contentType: 'application/json' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { got: JSON.parse(nested(500)) });
    const over = await client.post('/echo', { body: nested(501), contentType: 'application/json' });
    assert.equal(over.status, 400);
  });

  it('reads MAX_JSON_DEPTH from the config', async () => {
    const app = makeApp();
    app.config.MAX_JSON_DEPTH = 3;
    const client = app.testClient();
    assert.equal(
      (await client.post('/echo', { body: nested(2), contentType: 'application/json' })).status,
      200,
    );
    assert.equal(
      (await client.post('/echo', { body: nested(4), contentType: 'application/json' })).status,
      400,
    );
  });

  it('does not count brackets inside strings', async () => {
    const app = makeApp();
    app.config.MAX_JSON_DEPTH = 2;
    const body = JSON.stringify({ a: '[[[[[[[[\\"{{{{{{{' });
    const res = await app.testClient().post('/echo', { body, contentType: 'application/json' });
    assert.equal(res.status, 200);
  });
});

describe('serializing a value nested too deeply', () => {
  it('raises JsonSerializationError naming maxDepth', () => {
    const app = new Flagon('deep');
    let value: unknown = 1;
    for (let i = 0; i < 50_000; i++) value = [value];
    assert.throws(
      () => app.json.dumps(value),
      (error: unknown) => error instanceof JsonSerializationError && /maxDepth/.test(error.message),
    );
  });
});

describe('JSON bodies over real HTTP', () => {
  let server: RunningServer;
  before(async () => {
    server = await makeApp().listen({ port: 0 });
  });
  after(() => server.close());

  const post = (body: Buffer | string) =>
    rawExchange(
      server.port,
      Buffer.concat([
        Buffer.from(
          `POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`,
        ),
        Buffer.from(body),
      ]),
    );

  it('answers 400 to invalid UTF-8', async () => {
    const answer = await post(Buffer.from([0x5b, 0x22, 0xc3, 0x28, 0x22, 0x5d]));
    assert.deepEqual(statusLines(answer), ['HTTP/1.1 400 Bad Request']);
  });

  it('answers 400 to 100,000-deep arrays with \\u escapes', async () => {
    const answer = await post(nested(100_000, '"\\u0041"'));
    assert.deepEqual(statusLines(answer), ['HTTP/1.1 400 Bad Request']);
  });
});
