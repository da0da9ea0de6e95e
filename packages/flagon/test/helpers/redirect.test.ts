import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Flagon, type RunningServer, redirect } from 'flagon';
import { rawExchange, statusLines } from '../server/helpers/raw-http.ts';

function makeApp(): Flagon {
  const app = new Flagon('redirects', { staticFolder: null });
  app.logger.sink = () => {};
  app.get('/go', (_params, request) => redirect(request.args.get('to') ?? '/'));
  return app;
}

describe('redirect() with control characters in the location', () => {
  it('percent-encodes CR and LF as Werkzeug does instead of failing', async () => {
    const res = await makeApp()
      .testClient()
      .get('/go', { query: { to: '/a\r\nSet-Cookie: x=1' } });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), '/a%0D%0ASet-Cookie:%20x=1');
    assert.equal(res.headers.get('set-cookie'), null);
  });

  it('percent-encodes NUL', async () => {
    const res = await makeApp()
      .testClient()
      .get('/go', { query: { to: '/a\0b' } });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), '/a%00b');
  });
});

describe('redirect() with control characters over real HTTP', () => {
  let server: RunningServer;
  before(async () => {
    server = await makeApp().listen({ port: 0 });
  });
  after(() => server.close());

  it('answers 302 with the line break encoded in Location', async () => {
    const answer = await rawExchange(
      server.port,
      'GET /go?to=/a%0D%0AX-Injected:%201 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
    );
    assert.deepEqual(statusLines(answer), ['HTTP/1.1 302 Found']);
    assert.match(answer, /\r\nLocation: \/a%0D%0AX-Injected:%201\r\n/i);
    assert.doesNotMatch(answer, /\r\nX-Injected/i);
  });
});
