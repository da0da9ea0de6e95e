import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Flagon, type RunningServer } from 'flagon';

/** Sends raw bytes and resolves to the status line of the answer (or what went wrong). */
function statusLine(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(text));
    let data = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(`no answer within 3 s: ${JSON.stringify(data.slice(0, 40))}`);
    }, 3000);
    socket.on('data', (chunk) => {
      data += chunk;
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(data.split('\r\n')[0] ?? '');
    });
    socket.on('error', () => undefined);
  });
}

describe('hostile input over real HTTP', () => {
  let server: RunningServer;

  before(async () => {
    const app = new Flagon('hostile', { staticFolder: null });
    app.config.SECRET_KEY = 'k';
    app.logger.sink = () => {};
    app.get('/u/<int:id>', ({ id }) => String(id));
    app.post('/j', async (_p, r) => ({ j: await r.json }));
    app.post('/f', async (_p, r) => String((await r.form).size));
    app.get('/', (_p, r) => ({
      cookies: r.cookies.size,
      args: r.args.size,
      auth: r.authorization,
      accept: r.acceptMimetypes.bestMatch(['text/html']),
    }));
    server = await app.listen({ port: 0 });
  });

  after(() => server.close());

  const request = (head: string, body = '') => `${head}\r\nHost: x\r\nConnection: close\r\n${body}`;
  const cases: Array<[string, string, RegExp]> = [
    ['a malformed percent escape in a param', request('GET /u/%zz HTTP/1.1') + '\r\n', / 404 /],
    [
      'an int param too large to be a number',
      request('GET /u/99999999999999999999999999 HTTP/1.1') + '\r\n',
      / 404 /,
    ],
    ['a NUL in the path', request('GET /u/%00 HTTP/1.1') + '\r\n', / 404 /],
    [
      'malformed JSON',
      request('POST /j HTTP/1.1', 'Content-Type: application/json\r\nContent-Length: 3\r\n\r\n{{{'),
      / 400 /,
    ],
    [
      'JSON with another content type',
      request('POST /j HTTP/1.1', 'Content-Type: text/plain\r\nContent-Length: 2\r\n\r\n{}'),
      / 415 /,
    ],
    [
      'a body shorter than its Content-Length',
      request('POST /j HTTP/1.1', 'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":'),
      / 400 /,
    ],
    [
      'a truncated multipart body',
      request(
        'POST /f HTTP/1.1',
        'Content-Type: multipart/form-data; boundary=zz\r\nContent-Length: 10\r\n\r\n--zz\r\ngarb',
      ),
      / 400 /,
    ],
    [
      'garbage cookies, authorization, accept and query',
      request(
        'GET /?a=%&b=%zz HTTP/1.1',
        'Cookie: ;;;==;\r\nAuthorization: Basic %%%\r\nAccept: ;;q=x,,\r\n\r\n',
      ),
      / 200 /,
    ],
    [
      'a Content-Length that is not a number',
      request('POST /j HTTP/1.1', 'Content-Length: abc\r\n\r\n'),
      / 400 /,
    ],
    ['a header block over 16 KiB', request('GET / HTTP/1.1', `X-Big: ${'a'.repeat(20000)}\r\n\r\n`), / 431 /],
    ['a method that is not a token', request('F@@ / HTTP/1.1') + '\r\n', / 400 /],
    [
      'a tampered session cookie',
      request('GET / HTTP/1.1', 'Cookie: session=eyJ4Ijox.bad.sig\r\n\r\n'),
      / 200 /,
    ],
  ];

  for (const [name, text, expected] of cases) {
    it(`answers ${expected.source.trim()} to ${name}, without hanging`, async () => {
      assert.match(await statusLine(server.port, text), expected);
    });
  }

  it('keeps serving after all of it', async () => {
    assert.equal(await (await fetch(`${server.url}/u/5`)).text(), '5');
  });
});
