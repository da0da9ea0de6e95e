import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { Flagon, Response, type RunningServer } from 'flagon';

/** What a client sees, minus what only depends on how bytes move (framing, keep-alive, the date). */
interface Seen {
  readonly status: number;
  readonly headers: string[][];
  readonly body: string;
}

const TRANSPORT_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

function normalise(status: number, pairs: Iterable<[string, string]>, body: Buffer): Seen {
  const headers = [...pairs]
    .map(([name, value]) => [name.toLowerCase(), value])
    .filter(([name]) => !TRANSPORT_HEADERS.has(name as string))
    .sort((a, b) => `${a[0]}:${a[1]}`.localeCompare(`${b[0]}:${b[1]}`));
  return { status, headers, body: body.toString('latin1') };
}

function makeApp(): Flagon {
  const app = new Flagon('wire', { staticFolder: null });
  app.logger.sink = () => {};
  app.get('/text', () => 'héllo');
  app.get('/bytes', () => new Response(new Uint8Array([1, 2, 3]), { mimetype: 'application/octet-stream' }));
  app.get('/json', () => ({ a: 1 }));
  app.get('/iterable', () => new Response(['one,', 'two'], { mimetype: 'text/plain' }));
  app.get('/generator', async function* generator() {
    yield 'a';
    yield 'b';
  });
  app.get('/no-content', () => ['ignored', 204]);
  app.get('/not-modified', () => new Response('ignored', { status: 304, headers: { ETag: '"x"' } }));
  app.get('/own-length', () => new Response('abc', { headers: { 'Content-Length': '3' } }));
  app.get('/empty', () => '');
  app.get('/cookies', () => {
    const response = new Response('ok');
    response.setCookie('a', '1');
    response.setCookie('b', '2');
    return response;
  });
  app.get('/error', () => {
    throw new Error('boom');
  });
  return app;
}

function throughNode(server: RunningServer, method: string, path: string): Promise<Seen> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.url}${path}`, { method, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const pairs: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          pairs.push([res.rawHeaders[i] as string, res.rawHeaders[i + 1] as string]);
        }
        resolve(normalise(res.statusCode ?? 0, pairs, Buffer.concat(chunks)));
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function throughFetch(app: Flagon, method: string, path: string): Promise<Seen> {
  const response = await app.fetch(new Request(`http://localhost${path}`, { method }));
  const pairs: [string, string][] = [];
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') pairs.push([name, value]);
  });
  for (const cookie of response.headers.getSetCookie()) pairs.push(['set-cookie', cookie]);
  return normalise(response.status, pairs, Buffer.from(await response.arrayBuffer()));
}

async function throughTestClient(app: Flagon, method: string, path: string): Promise<Seen> {
  const response = await app.testClient().open(path, { method });
  return normalise(response.status, response.headers.entries(), response.body);
}

const CASES = [
  '/text',
  '/bytes',
  '/json',
  '/iterable',
  '/generator',
  '/no-content',
  '/not-modified',
  '/own-length',
  '/empty',
  '/cookies',
  '/missing',
];

describe('one wire policy for node:http, the fetch handler and the test client', () => {
  const app = makeApp();
  let server: RunningServer;

  before(async () => {
    server = await app.listen({ port: 0, quiet: true });
  });
  after(() => server.close());

  for (const method of ['GET', 'HEAD']) {
    for (const path of CASES) {
      it(`answers ${method} ${path} alike through all three`, async () => {
        const viaNode = await throughNode(server, method, path);
        assert.deepEqual(await throughFetch(app, method, path), viaNode);
        assert.deepEqual(await throughTestClient(app, method, path), viaNode);
      });
    }
  }

  it('gives text a Content-Length and HEAD the same headers with no body', async () => {
    const get = await throughTestClient(app, 'GET', '/text');
    const head = await throughTestClient(app, 'HEAD', '/text');
    assert.deepEqual(
      get.headers.find(([name]) => name === 'content-length'),
      ['content-length', '6'],
    );
    assert.deepEqual(head.headers, get.headers);
    assert.equal(head.body, '');
  });

  it('sends no body and no Content-Length for 204 and 304', async () => {
    for (const path of ['/no-content', '/not-modified']) {
      const seen = await throughTestClient(app, 'GET', path);
      assert.equal(seen.body, '');
      assert.equal(
        seen.headers.some(([name]) => name === 'content-length'),
        false,
      );
    }
  });

  it('answers an error that escapes the app with the same plain 500 over node:http and fetch', async () => {
    const propagating = makeApp();
    propagating.config.PROPAGATE_EXCEPTIONS = true;
    const running = await propagating.listen({ port: 0, quiet: true });
    try {
      const viaNode = await throughNode(running, 'GET', '/error');
      assert.equal(viaNode.status, 500);
      assert.match(viaNode.body, /<h1>Internal Server Error<\/h1>/);
      assert.deepEqual(await throughFetch(propagating, 'GET', '/error'), viaNode);
    } finally {
      await running.close();
    }
  });
});
