import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Flagon, type RunningServer } from 'flagon';
import { rawExchange, statusLines } from '../server/helpers/raw-http.ts';

function makeApp(): Flagon {
  const app = new Flagon('hosts', { staticFolder: null });
  app.logger.sink = () => {};
  app.get('/', (_params, request) => ({ host: request.host, url: request.url }));
  app.get('/dir/', () => 'dir');
  app.get('/a/b', { mergeSlashes: true }, () => 'merged');
  return app;
}

const MALFORMED = [
  ['a slash', 'evil.com/x'],
  ['a question mark', 'evil.com?x'],
  ['a hash', 'evil.com#x'],
  ['userinfo', 'user@evil.com'],
  ['a space', 'evil.com x'],
  ['a tab', 'evil.com\tx'],
  ['a port that is not a number', 'localhost:http'],
  ['an empty port', 'localhost:'],
  ['a port above 65535', 'localhost:70000'],
  ['an unclosed IPv6 bracket', '[::1'],
] as const;

describe('malformed Host headers through the test client', () => {
  for (const [what, host] of MALFORMED) {
    it(`answers 400 to a Host with ${what} (${JSON.stringify(host)})`, async () => {
      const res = await makeApp()
        .testClient()
        .get('/', { headers: { Host: host } });
      assert.equal(res.status, 400);
    });
  }

  it('answers 400 to a Host header sent twice', async () => {
    const res = await makeApp()
      .testClient()
      .get('/', {
        headers: [
          ['Host', 'localhost'],
          ['Host', 'evil.com'],
        ],
      });
    assert.equal(res.status, 400);
  });

  it('accepts a name with a port, an IPv4 and an IPv6 address', async () => {
    const client = makeApp().testClient();
    for (const host of ['example.com:8080', '127.0.0.1:5000', '[::1]:5000', 'my_host.local']) {
      const res = await client.get('/', { headers: { Host: host } });
      assert.equal(res.status, 200, host);
    }
  });

  it('never redirects to a malformed host (strict slashes)', async () => {
    const res = await makeApp()
      .testClient()
      .get('/dir', { headers: { Host: 'evil.com/x?' } });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('location'), null);
  });
});

describe('Host headers over real HTTP', () => {
  let server: RunningServer;
  before(async () => {
    server = await makeApp().listen({ port: 0 });
  });
  after(() => server.close());

  const get = (target: string, hostLines: string) =>
    rawExchange(server.port, `GET ${target} HTTP/1.1\r\n${hostLines}Connection: close\r\n\r\n`);

  it('answers 400 to a Host header sent twice', async () => {
    const answer = await get('/', 'Host: localhost\r\nHost: evil.com\r\n');
    assert.deepEqual(statusLines(answer), ['HTTP/1.1 400 Bad Request']);
  });

  it('answers 400 to a Host with userinfo, without redirecting (merged slashes)', async () => {
    const answer = await get('/a//b', 'Host: user@evil.com\r\n');
    assert.deepEqual(statusLines(answer), ['HTTP/1.1 400 Bad Request']);
    assert.doesNotMatch(answer, /Location/i);
  });

  it('redirects a strict-slash URL to the well-formed host it was sent', async () => {
    const answer = await get('/dir', 'Host: example.com:8080\r\n');
    assert.deepEqual(statusLines(answer), ['HTTP/1.1 308 Permanent Redirect']);
    assert.match(answer, /\r\nLocation: http:\/\/example\.com:8080\/dir\/\r\n/i);
  });

  it('accepts an absolute-form target and takes the host from it (RFC 9112 §3.2.2)', async () => {
    const answer = await get('http://example.com/?q=1', 'Host: other.example\r\n');
    assert.deepEqual(statusLines(answer), ['HTTP/1.1 200 OK']);
    assert.match(answer, /"host":"example.com","url":"http:\/\/example.com\/\?q=1"/);
  });

  it('answers 400 to an absolute-form target whose authority holds userinfo', async () => {
    const answer = await get('http://user@evil.com/', 'Host: localhost\r\n');
    assert.deepEqual(statusLines(answer), ['HTTP/1.1 400 Bad Request']);
  });
});
