import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Flagon, type FlagonOptions, type Response, type RunningServer, urlFor } from 'flagon';
import { LazyFileStream } from '../../src/helpers/internal/lazy-file-stream.ts';
import { registerStaticRoute } from '../../src/helpers/send-file.ts';

let root: string;
const LARGE_SIZE = 6 * 1024 * 1024 + 123;
let large: Buffer;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'flagon-static-'));
  await mkdir(join(root, 'static', 'css'), { recursive: true });
  await mkdir(join(root, 'assets'));
  await mkdir(join(root, 'outside'));
  await writeFile(join(root, 'package.json'), '{"secret":true}');
  await writeFile(join(root, 'outside', 'secret.txt'), 'secret');
  await writeFile(join(root, 'static', 'css', 'site.css'), 'body { margin: 0 }\n');
  await writeFile(join(root, 'static', 'app.js'), 'export {};\n');
  await writeFile(join(root, 'static', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(join(root, 'static', 'font.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  await writeFile(join(root, 'static', 'ten.txt'), '0123456789');
  await writeFile(join(root, 'static', 'ünïcode.txt'), 'unicode');
  await writeFile(join(root, 'assets', 'a.txt'), 'asset');
  await symlink(join(root, 'outside', 'secret.txt'), join(root, 'static', 'escape.txt'));
  await symlink(join(root, 'outside'), join(root, 'static', 'escape-dir'));
  await symlink(join(root, 'static', 'ten.txt'), join(root, 'static', 'alias.txt'));
  large = Buffer.alloc(LARGE_SIZE);
  for (let i = 0; i < LARGE_SIZE; i += 1) large[i] = (i * 31 + (i >> 12)) & 0xff;
  await writeFile(join(root, 'static', 'large.bin'), large);
});

after(() => rm(root, { recursive: true, force: true }));

function staticApp(options: FlagonOptions = {}): Flagon {
  const app = new Flagon('test', { rootPath: root, ...options });
  app.logger.sink = () => {};
  // Until the Flagon constructor registers the route itself.
  if (!app.viewFunctions.has('static')) registerStaticRoute(app);
  return app;
}

/** Sends a request with the path exactly as written (fetch would normalise `..` and `%2e%2e` away). */
function rawGet(
  url: string,
  path: string,
  method = 'GET',
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}/`, { method, path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the static endpoint', () => {
  it('serves files from <root>/static at /static/<path>', async () => {
    const res = await staticApp().testClient().get('/static/css/site.css');
    assert.equal(res.status, 200);
    assert.equal(res.text, 'body { margin: 0 }\n');
    assert.equal(res.headers.get('content-type'), 'text/css; charset=utf-8');
  });

  const types: [string, string][] = [
    ['app.js', 'text/javascript; charset=utf-8'],
    ['logo.svg', 'image/svg+xml; charset=utf-8'],
    ['font.woff2', 'font/woff2'],
  ];
  for (const [name, type] of types) {
    it(`serves ${name} as ${type}`, async () => {
      const res = await staticApp().testClient().get(`/static/${name}`);
      assert.equal(res.headers.get('content-type'), type);
    });
  }

  it('serves a file with a non-ASCII name, percent-encoded in the URL', async () => {
    const res = await staticApp()
      .testClient()
      .get(`/static/${encodeURIComponent('ünïcode.txt')}`);
    assert.equal(res.status, 200);
    assert.equal(res.text, 'unicode');
  });

  it('answers 404 for a missing file', async () => {
    assert.equal((await staticApp().testClient().get('/static/missing.css')).status, 404);
  });

  it('answers 405 to POST', async () => {
    assert.equal((await staticApp().testClient().post('/static/ten.txt')).status, 405);
  });

  it('builds URLs with urlFor("static")', () => {
    const app = staticApp();
    const url = app.testRequestContext('/').run(() => urlFor('static', { filename: 'css/site.css' }));
    assert.equal(url, '/static/css/site.css');
  });

  it('uses a custom staticUrlPath and staticFolder', async () => {
    const app = staticApp({ staticFolder: 'assets', staticUrlPath: '/files' });
    assert.equal((await app.testClient().get('/files/a.txt')).text, 'asset');
    assert.equal((await app.testClient().get('/static/ten.txt')).status, 404);
  });

  it('adds no route when staticFolder is null', async () => {
    const app = staticApp({ staticFolder: null });
    assert.equal(app.viewFunctions.has('static'), false);
    assert.equal((await app.testClient().get('/static/ten.txt')).status, 404);
  });

  it('serves static files from staticHost only, under hostMatching', async () => {
    const app = staticApp({ hostMatching: true, staticHost: 'static.test' });
    assert.equal((await app.testClient({ host: 'static.test' }).get('/static/ten.txt')).text, '0123456789');
    assert.equal((await app.testClient({ host: 'www.test' }).get('/static/ten.txt')).status, 404);
  });

  it('builds external static URLs to staticHost from a request on another host', () => {
    const app = staticApp({ hostMatching: true, staticHost: 'static.test' });
    app.get('/', { host: 'www.test' }, () => 'home');
    const url = app
      .testRequestContext('/', { headers: { Host: 'www.test' } })
      .run(() => urlFor('static', { filename: 'app.js' }));
    assert.equal(url, 'http://static.test/static/app.js');
  });

  it('refuses hostMatching without staticHost, and staticHost without hostMatching, as Flask does', () => {
    assert.throws(() => new Flagon('test', { rootPath: root, hostMatching: true }), /pass staticHost/);
    assert.throws(
      () => new Flagon('test', { rootPath: root, staticHost: 'static.test' }),
      /staticHost is only used with hostMatching/,
    );
    // Without a static folder there is no static route to place on a host.
    assert.equal(
      new Flagon('test', { rootPath: root, hostMatching: true, staticFolder: null }).staticHost,
      null,
    );
  });

  it('sends Cache-Control from SEND_FILE_MAX_AGE_DEFAULT', async () => {
    const app = staticApp();
    assert.equal((await app.testClient().get('/static/ten.txt')).headers.get('cache-control'), 'no-cache');
    const cached = staticApp({ config: { SEND_FILE_MAX_AGE_DEFAULT: 600 } });
    assert.equal(
      (await cached.testClient().get('/static/ten.txt')).headers.get('cache-control'),
      'public, max-age=600',
    );
  });

  it('follows a symlink that stays inside the folder', async () => {
    const res = await staticApp().testClient().get('/static/alias.txt');
    assert.equal(res.status, 200);
    assert.equal(res.text, '0123456789');
  });
});

describe('static path traversal', () => {
  const attempts = [
    '/static/../package.json',
    '/static/%2e%2e/package.json',
    '/static/..%2fpackage.json',
    '/static/%2E%2E%2Fpackage.json',
    '/static/css/../../package.json',
    '/static/%252e%252e/package.json',
    '/static/..%5cpackage.json',
    '/static/css%5c..%5c..%5cpackage.json',
    '/static/ten.txt%00.css',
    '/static/C:%5cWindows%5cwin.ini',
    '/static/escape.txt',
    '/static/escape-dir/secret.txt',
  ];

  for (const path of attempts) {
    it(`answers 404 to ${path} through the test client`, async () => {
      const res = await staticApp().testClient().get(path);
      assert.equal(res.status, 404);
      assert.doesNotMatch(res.text, /secret|root:/);
    });
  }

  describe('over real HTTP', () => {
    let server: RunningServer;

    before(async () => {
      server = await staticApp().listen({ port: 0 });
    });

    after(() => server.close());

    for (const path of attempts) {
      it(`answers 404 to ${path}`, async () => {
        const res = await rawGet(server.url, path);
        assert.equal(res.status, 404);
        assert.doesNotMatch(res.body.toString('latin1'), /secret|root:/);
      });
    }

    for (const path of ['/static//etc/passwd', '/static/%2Fetc%2Fpasswd']) {
      it(`never sends the file for the absolute path in ${path} (routing merges the slashes)`, async () => {
        const res = await rawGet(server.url, path);
        assert.notEqual(res.status, 200);
        assert.doesNotMatch(res.body.toString('latin1'), /root:/);
      });
    }
  });
});

describe('static files over real HTTP', () => {
  let server: RunningServer;
  const bodies: Response['body'][] = [];

  before(async () => {
    const app = staticApp();
    app.afterRequest((response) => {
      bodies.push(response.body);
      return response;
    });
    server = await app.listen({ port: 0 });
  });

  after(() => server.close());

  it('sends the exact bytes with validators and Accept-Ranges', async () => {
    const res = await fetch(`${server.url}/static/ten.txt`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '0123456789');
    assert.equal(res.headers.get('content-length'), '10');
    assert.equal(res.headers.get('accept-ranges'), 'bytes');
    assert.ok(res.headers.get('etag'));
    assert.ok(res.headers.get('last-modified'));
  });

  it('answers 304 with no body to If-None-Match', async () => {
    const first = await fetch(`${server.url}/static/ten.txt`);
    await first.arrayBuffer();
    const res = await fetch(`${server.url}/static/ten.txt`, {
      headers: { 'If-None-Match': first.headers.get('etag') ?? '' },
    });
    assert.equal(res.status, 304);
    assert.equal((await res.arrayBuffer()).byteLength, 0);
  });

  it('answers 412 to a failing If-Match', async () => {
    const res = await fetch(`${server.url}/static/ten.txt`, { headers: { 'If-Match': '"nope"' } });
    assert.equal(res.status, 412);
    await res.arrayBuffer();
  });

  it('answers a Range request with 206', async () => {
    const res = await fetch(`${server.url}/static/ten.txt`, { headers: { Range: 'bytes=2-5' } });
    assert.equal(res.status, 206);
    assert.equal(res.headers.get('content-range'), 'bytes 2-5/10');
    assert.equal(await res.text(), '2345');
  });

  it('answers an unsatisfiable Range with 416', async () => {
    const res = await fetch(`${server.url}/static/ten.txt`, { headers: { Range: 'bytes=50-60' } });
    assert.equal(res.status, 416);
    assert.equal(res.headers.get('content-range'), 'bytes */10');
    await res.arrayBuffer();
  });

  it('answers HEAD with headers only and never opens the file', async () => {
    bodies.length = 0;
    const res = await rawGet(server.url, '/static/ten.txt', 'HEAD');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-length'], '10');
    assert.equal(res.body.length, 0);
    const body = bodies[0];
    assert.ok(body instanceof LazyFileStream);
    assert.equal(body.isOpened, false);
    assert.equal(body.destroyed, true);
  });

  it('streams a file of several megabytes byte for byte', async () => {
    const res = await fetch(`${server.url}/static/large.bin`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-length'), String(LARGE_SIZE));
    const received = Buffer.from(await res.arrayBuffer());
    assert.equal(received.length, LARGE_SIZE);
    assert.ok(received.equals(large), 'the received bytes equal the file');
  });

  it('serves a range from the middle of a large file', async () => {
    const start = 5_000_000;
    const res = await fetch(`${server.url}/static/large.bin`, {
      headers: { Range: `bytes=${start}-${start + 99_999}` },
    });
    assert.equal(res.status, 206);
    assert.equal(res.headers.get('content-range'), `bytes ${start}-${start + 99_999}/${LARGE_SIZE}`);
    const received = Buffer.from(await res.arrayBuffer());
    assert.ok(received.equals(large.subarray(start, start + 100_000)));
  });

  it('closes the file when the client goes away mid-download', { timeout: 10_000 }, async () => {
    bodies.length = 0;
    const controller = new AbortController();
    const res = await fetch(`${server.url}/static/large.bin`, { signal: controller.signal });
    const reader = res.body?.getReader();
    await reader?.read();
    controller.abort();
    const body = bodies[0];
    assert.ok(body instanceof LazyFileStream);
    await new Promise<void>((resolve) => {
      if (body.destroyed) resolve();
      else body.once('close', () => resolve());
    });
    assert.equal(body.destroyed, true);
  });
});
