import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import {
  Flagon,
  type Response,
  SendFileError,
  type SendFileOptions,
  sendFile,
  sendFromDirectory,
} from 'flagon';
import { LazyFileStream } from '../../src/helpers/internal/lazy-file-stream.ts';
import { guessType } from '../../src/helpers/mimetypes.ts';

let root: string;
const MTIME = new Date('2024-03-01T12:00:00Z');

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'flagon-send-file-'));
  await mkdir(join(root, 'files', 'sub'), { recursive: true });
  const files: Record<string, string> = {
    'ten.txt': '0123456789',
    'style.css': 'body { color: red }\n',
    'app.js': 'console.log(1);\n',
    'data.json': '{"a":1}',
    'page.html': '<p>hi</p>',
    'blob.unknownext': 'x',
    'image.png': '\x89PNG',
    'notes.csv.gz': 'not really gzip',
    'empty.txt': '',
    'sub/inner.txt': 'inner',
  };
  for (const [name, text] of Object.entries(files)) {
    await writeFile(join(root, 'files', name), text, 'latin1');
    await utimes(join(root, 'files', name), MTIME, MTIME);
  }
});

after(() => rm(root, { recursive: true, force: true }));

/** An app with a view that sends `files/<name>` with the given options. */
function appSending(options: SendFileOptions = {}, configure?: (app: Flagon) => void): Flagon {
  const app = new Flagon('test', { rootPath: root, staticFolder: null });
  app.logger.sink = () => {};
  configure?.(app);
  app.get('/f/<path:name>', ({ name }) => sendFile(join(root, 'files', name), options));
  return app;
}

function get(app: Flagon, path: string, headers: Record<string, string> = {}) {
  return app.testClient().get(path, { headers });
}

describe('sendFile content types', () => {
  const cases: [string, string][] = [
    ['ten.txt', 'text/plain; charset=utf-8'],
    ['style.css', 'text/css; charset=utf-8'],
    ['app.js', 'text/javascript; charset=utf-8'],
    ['page.html', 'text/html; charset=utf-8'],
    ['image.png', 'image/png'],
    ['blob.unknownext', 'application/octet-stream'],
  ];
  for (const [name, type] of cases) {
    it(`sends ${name} as ${type}`, async () => {
      const res = await get(appSending(), `/f/${name}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), type);
    });
  }

  it('lets an explicit mimetype win over the guess', async () => {
    const res = await get(appSending({ mimetype: 'text/x-custom' }), '/f/ten.txt');
    assert.equal(res.headers.get('content-type'), 'text/x-custom; charset=utf-8');
  });

  it('sends a compressed inline file with its Content-Encoding and the inner type', async () => {
    const res = await get(appSending(), '/f/notes.csv.gz');
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.equal(res.headers.get('content-encoding'), 'gzip');
  });

  it('does not set Content-Encoding on a compressed attachment, so browsers save it as is', async () => {
    const res = await get(appSending({ asAttachment: true }), '/f/notes.csv.gz');
    assert.equal(res.headers.get('content-encoding'), null);
  });
});

describe('sendFile body and validators', () => {
  it('sends the exact bytes with Content-Length', async () => {
    const res = await get(appSending(), '/f/ten.txt');
    assert.equal(res.text, '0123456789');
    assert.equal(res.headers.get('content-length'), '10');
  });

  it('sends an empty file as an empty body', async () => {
    const res = await get(appSending(), '/f/empty.txt');
    assert.equal(res.status, 200);
    assert.equal(res.body.length, 0);
    assert.equal(res.headers.get('content-length'), '0');
  });

  it('sends Last-Modified from the file mtime', async () => {
    const res = await get(appSending(), '/f/ten.txt');
    assert.equal(res.headers.get('last-modified'), 'Fri, 01 Mar 2024 12:00:00 GMT');
  });

  it('sends a strong ETag that differs between files of the same size and mtime', async () => {
    const app = appSending();
    const a = (await get(app, '/f/ten.txt')).headers.get('etag');
    await writeFile(join(root, 'files', 'ten2.txt'), 'abcdefghij');
    await utimes(join(root, 'files', 'ten2.txt'), MTIME, MTIME);
    const b = (await get(app, '/f/ten2.txt')).headers.get('etag');
    assert.match(a ?? '', /^"[^"]+"$/);
    assert.notEqual(a, b);
  });

  it('sends an inline Content-Disposition naming the file', async () => {
    const res = await get(appSending(), '/f/ten.txt');
    assert.equal(res.headers.get('content-disposition'), 'inline; filename=ten.txt');
  });

  it('omits the ETag when etag is false', async () => {
    const res = await get(appSending({ etag: false }), '/f/ten.txt');
    assert.equal(res.headers.get('etag'), null);
  });

  it('uses a string etag as given, quoted', async () => {
    const app = appSending({ etag: 'v1' });
    assert.equal((await get(app, '/f/ten.txt')).headers.get('etag'), '"v1"');
    assert.equal((await get(app, '/f/ten.txt', { 'If-None-Match': '"v1"' })).status, 304);
  });

  it('uses the lastModified option instead of the mtime', async () => {
    const res = await get(appSending({ lastModified: new Date('2020-01-02T03:04:05Z') }), '/f/ten.txt');
    assert.equal(res.headers.get('last-modified'), 'Thu, 02 Jan 2020 03:04:05 GMT');
  });

  it('resolves a relative path against the app root', async () => {
    const app = new Flagon('test', { rootPath: root, staticFolder: null });
    app.get('/', () => sendFile('files/ten.txt'));
    assert.equal((await app.testClient().get('/')).text, '0123456789');
  });

  it('refuses a directory with a SendFileError', async () => {
    await assert.rejects(sendFile(join(root, 'files')), SendFileError);
  });
});

describe('sendFile conditional requests', () => {
  async function validators(app: Flagon): Promise<{ etag: string; lastModified: string }> {
    const res = await get(app, '/f/ten.txt');
    return { etag: res.headers.get('etag') ?? '', lastModified: res.headers.get('last-modified') ?? '' };
  }

  it('answers 304 with no body when If-None-Match holds the ETag', async () => {
    const app = appSending();
    const { etag } = await validators(app);
    const res = await get(app, '/f/ten.txt', { 'If-None-Match': etag });
    assert.equal(res.status, 304);
    assert.equal(res.body.length, 0);
    assert.equal(res.headers.get('etag'), etag);
    assert.equal(res.headers.get('content-type'), null);
    assert.equal(res.headers.get('content-length'), null);
  });

  it('answers 304 to If-None-Match: *', async () => {
    assert.equal((await get(appSending(), '/f/ten.txt', { 'If-None-Match': '*' })).status, 304);
  });

  it('answers 200 when If-None-Match holds another ETag', async () => {
    const res = await get(appSending(), '/f/ten.txt', { 'If-None-Match': '"other"' });
    assert.equal(res.status, 200);
    assert.equal(res.text, '0123456789');
  });

  it('answers 304 when If-Modified-Since is at or after Last-Modified', async () => {
    const app = appSending();
    const { lastModified } = await validators(app);
    assert.equal((await get(app, '/f/ten.txt', { 'If-Modified-Since': lastModified })).status, 304);
  });

  it('answers 200 when the file changed after If-Modified-Since', async () => {
    const res = await get(appSending(), '/f/ten.txt', {
      'If-Modified-Since': 'Sat, 01 Jan 2000 00:00:00 GMT',
    });
    assert.equal(res.status, 200);
  });

  it('lets a non-matching If-None-Match override a matching If-Modified-Since', async () => {
    const app = appSending();
    const { lastModified } = await validators(app);
    const res = await get(app, '/f/ten.txt', {
      'If-None-Match': '"other"',
      'If-Modified-Since': lastModified,
    });
    assert.equal(res.status, 200);
  });

  it('answers 412 when If-Match does not hold the ETag', async () => {
    assert.equal((await get(appSending(), '/f/ten.txt', { 'If-Match': '"other"' })).status, 412);
  });

  it('answers 200 when If-Match holds the ETag', async () => {
    const app = appSending();
    const { etag } = await validators(app);
    assert.equal((await get(app, '/f/ten.txt', { 'If-Match': etag })).status, 200);
  });

  it('answers 412 to If-Match when the file has no ETag', async () => {
    assert.equal((await get(appSending({ etag: false }), '/f/ten.txt', { 'If-Match': '"x"' })).status, 412);
  });

  it('answers 412 when the file changed after If-Unmodified-Since', async () => {
    const res = await get(appSending(), '/f/ten.txt', {
      'If-Unmodified-Since': 'Sat, 01 Jan 2000 00:00:00 GMT',
    });
    assert.equal(res.status, 412);
  });

  it('answers 200 when the file is unchanged since If-Unmodified-Since', async () => {
    const res = await get(appSending(), '/f/ten.txt', {
      'If-Unmodified-Since': 'Sat, 01 Jan 2050 00:00:00 GMT',
    });
    assert.equal(res.status, 200);
  });

  it('ignores conditional headers when conditional is false', async () => {
    const res = await get(appSending({ conditional: false }), '/f/ten.txt', { 'If-None-Match': '*' });
    assert.equal(res.status, 200);
  });

  it('ignores conditional headers on methods other than GET and HEAD', async () => {
    const app = new Flagon('test', { rootPath: root, staticFolder: null });
    app.post('/f', () => sendFile(join(root, 'files', 'ten.txt')));
    const res = await app.testClient().post('/f', { headers: { 'If-None-Match': '*', Range: 'bytes=0-1' } });
    assert.equal(res.status, 200);
    assert.equal(res.text, '0123456789');
  });
});

describe('sendFile byte ranges', () => {
  const range = (value: string, extra: Record<string, string> = {}) =>
    get(appSending(), '/f/ten.txt', { Range: value, ...extra });

  it('advertises Accept-Ranges: bytes on a full response', async () => {
    assert.equal((await get(appSending(), '/f/ten.txt')).headers.get('accept-ranges'), 'bytes');
  });

  it('sends the first bytes with 206 and Content-Range', async () => {
    const res = await range('bytes=0-3');
    assert.equal(res.status, 206);
    assert.equal(res.text, '0123');
    assert.equal(res.headers.get('content-range'), 'bytes 0-3/10');
    assert.equal(res.headers.get('content-length'), '4');
    assert.equal(res.headers.get('accept-ranges'), 'bytes');
  });

  it('sends a suffix range (the last N bytes)', async () => {
    const res = await range('bytes=-3');
    assert.equal(res.status, 206);
    assert.equal(res.text, '789');
    assert.equal(res.headers.get('content-range'), 'bytes 7-9/10');
  });

  it('sends an open-ended range to the end of the file', async () => {
    const res = await range('bytes=5-');
    assert.equal(res.text, '56789');
    assert.equal(res.headers.get('content-range'), 'bytes 5-9/10');
  });

  it('clamps a range that runs past the end', async () => {
    const res = await range('bytes=3-100');
    assert.equal(res.text, '3456789');
    assert.equal(res.headers.get('content-range'), 'bytes 3-9/10');
  });

  it('answers 416 with Content-Range: bytes */size when the range starts past the end', async () => {
    const res = await range('bytes=20-');
    assert.equal(res.status, 416);
    assert.equal(res.headers.get('content-range'), 'bytes */10');
  });

  for (const malformed of ['garbage', 'bytes=abc', 'bytes=5-2', 'items=0-1', 'bytes=']) {
    it(`ignores the malformed or foreign Range ${JSON.stringify(malformed)} and sends the whole file`, async () => {
      const res = await range(malformed);
      assert.equal(res.status, 200);
      assert.equal(res.text, '0123456789');
    });
  }

  it('sends the whole file for a multi-range request', async () => {
    const res = await range('bytes=0-1,4-5');
    assert.equal(res.status, 200);
    assert.equal(res.text, '0123456789');
  });

  it('sends the whole file for a Range on an empty file', async () => {
    const res = await get(appSending(), '/f/empty.txt', { Range: 'bytes=0-1' });
    assert.equal(res.status, 200);
  });

  it('honours If-Range with the current ETag', async () => {
    const { headers } = await get(appSending(), '/f/ten.txt');
    const res = await range('bytes=0-1', { 'If-Range': headers.get('etag') ?? '' });
    assert.equal(res.status, 206);
    assert.equal(res.text, '01');
  });

  it('sends the whole file when If-Range holds a stale ETag', async () => {
    const res = await range('bytes=0-1', { 'If-Range': '"stale"' });
    assert.equal(res.status, 200);
    assert.equal(res.text, '0123456789');
  });

  it('honours If-Range with the Last-Modified date', async () => {
    const res = await range('bytes=0-1', { 'If-Range': 'Fri, 01 Mar 2024 12:00:00 GMT' });
    assert.equal(res.status, 206);
  });

  it('sends the whole file when If-Range holds an older date', async () => {
    const res = await range('bytes=0-1', { 'If-Range': 'Sat, 01 Jan 2000 00:00:00 GMT' });
    assert.equal(res.status, 200);
  });

  it('answers 304 rather than 206 when If-None-Match matches too', async () => {
    const res = await range('bytes=0-1', { 'If-None-Match': '*' });
    assert.equal(res.status, 304);
  });

  it('ignores Range when conditional is false', async () => {
    const res = await get(appSending({ conditional: false }), '/f/ten.txt', { Range: 'bytes=0-1' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('accept-ranges'), null);
  });
});

describe('sendFile Cache-Control', () => {
  it('sends no-cache and no Expires by default', async () => {
    const res = await get(appSending(), '/f/ten.txt');
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    assert.equal(res.headers.get('expires'), null);
  });

  it('uses SEND_FILE_MAX_AGE_DEFAULT: public, max-age and Expires', async () => {
    const app = appSending({}, (a) => {
      a.config.SEND_FILE_MAX_AGE_DEFAULT = 3600;
    });
    const res = await get(app, '/f/ten.txt');
    assert.equal(res.headers.get('cache-control'), 'public, max-age=3600');
    const expires = Date.parse(res.headers.get('expires') ?? '');
    assert.ok(expires > Date.now() + 3000 * 1000, 'Expires lies about an hour ahead');
  });

  it('lets maxAge override the config, and null turn caching off', async () => {
    const configure = (a: Flagon) => {
      a.config.SEND_FILE_MAX_AGE_DEFAULT = 3600;
    };
    assert.equal(
      (await get(appSending({ maxAge: 60 }, configure), '/f/ten.txt')).headers.get('cache-control'),
      'public, max-age=60',
    );
    assert.equal(
      (await get(appSending({ maxAge: null }, configure), '/f/ten.txt')).headers.get('cache-control'),
      'no-cache',
    );
  });

  it('sends no-cache, max-age=0 for a max age of zero, as Flask', async () => {
    const res = await get(appSending({ maxAge: 0 }), '/f/ten.txt');
    assert.equal(res.headers.get('cache-control'), 'no-cache, max-age=0');
  });

  it('calls a maxAge function with the file path', async () => {
    const seen: (string | null)[] = [];
    const app = appSending({
      maxAge: (path) => {
        seen.push(path);
        return 10;
      },
    });
    const res = await get(app, '/f/ten.txt');
    assert.deepEqual(seen, [join(root, 'files', 'ten.txt')]);
    assert.equal(res.headers.get('cache-control'), 'public, max-age=10');
  });
});

describe('sendFile attachments', () => {
  it('names an attachment after the file', async () => {
    const res = await get(appSending({ asAttachment: true }), '/f/ten.txt');
    assert.equal(res.headers.get('content-disposition'), 'attachment; filename=ten.txt');
  });

  it('uses downloadName, and guesses the type from it', async () => {
    const res = await get(appSending({ asAttachment: true, downloadName: 'report.csv' }), '/f/ten.txt');
    assert.equal(res.headers.get('content-disposition'), 'attachment; filename=report.csv');
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
  });

  it('adds filename* for a non-ASCII name, with an ASCII fallback', async () => {
    const res = await get(appSending({ asAttachment: true, downloadName: 'résumé ñ.txt' }), '/f/ten.txt');
    assert.equal(
      res.headers.get('content-disposition'),
      `attachment; filename="resume n.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%C3%B1.txt`,
    );
  });

  it('escapes quotes in the name so it cannot break out of the header', async () => {
    const res = await get(appSending({ asAttachment: true, downloadName: 'a b"c.txt' }), '/f/ten.txt');
    assert.equal(res.headers.get('content-disposition'), 'attachment; filename="a b\\"c.txt"');
  });
});

describe('sendFile with bytes and streams', () => {
  it('sends bytes with the given mimetype and their length', async () => {
    const app = new Flagon('test', { staticFolder: null });
    app.get('/', () => sendFile(Buffer.from('hello'), { mimetype: 'text/plain' }));
    const res = await app.testClient().get('/');
    assert.equal(res.text, 'hello');
    assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(res.headers.get('content-length'), '5');
    assert.equal(res.headers.get('content-disposition'), null);
    assert.equal(res.headers.get('etag'), null);
  });

  it('guesses the type of bytes from downloadName', async () => {
    const app = new Flagon('test', { staticFolder: null });
    app.get('/', () => sendFile(new Uint8Array([1, 2, 3]), { downloadName: 'x.bin' }));
    const res = await app.testClient().get('/');
    assert.equal(res.headers.get('content-type'), 'application/octet-stream');
    assert.equal(res.headers.get('content-disposition'), 'inline; filename=x.bin');
  });

  it('serves a Range out of bytes', async () => {
    const app = new Flagon('test', { staticFolder: null });
    app.get('/', () => sendFile(Buffer.from('0123456789'), { mimetype: 'text/plain' }));
    const res = await app.testClient().get('/', { headers: { Range: 'bytes=2-4' } });
    assert.equal(res.status, 206);
    assert.equal(res.text, '234');
  });

  it('streams a Readable without Content-Length or range support', async () => {
    const app = new Flagon('test', { staticFolder: null });
    app.get('/', () =>
      sendFile(Readable.from([Buffer.from('ab'), Buffer.from('cd')]), { mimetype: 'text/plain' }),
    );
    const res = await app.testClient().get('/', { headers: { Range: 'bytes=0-0' } });
    assert.equal(res.status, 200);
    assert.equal(res.text, 'abcd');
    assert.equal(res.headers.get('content-length'), null);
    assert.equal(res.headers.get('accept-ranges'), null);
  });

  it('refuses bytes with neither mimetype nor downloadName', async () => {
    await assert.rejects(sendFile(Buffer.from('x')), (error: unknown) => {
      assert.ok(error instanceof SendFileError);
      assert.match(error.message, /downloadName/);
      return true;
    });
  });

  it('refuses an attachment without a name', async () => {
    await assert.rejects(
      sendFile(Buffer.from('x'), { mimetype: 'text/plain', asAttachment: true }),
      SendFileError,
    );
  });

  it('destroys a stream it refuses', async () => {
    const stream = Readable.from(['x']);
    await assert.rejects(sendFile(stream), SendFileError);
    assert.equal(stream.destroyed, true);
  });

  it('refuses an invalid maxAge', async () => {
    await assert.rejects(sendFile(Buffer.from('x'), { mimetype: 'text/plain', maxAge: -1 }), SendFileError);
  });
});

describe('sendFile file handles', () => {
  /** Records each response's body as the view made it (the test client later swaps it for bytes). */
  function capturing(app: Flagon): Response['body'][] {
    const seen: Response['body'][] = [];
    app.afterRequest((response) => {
      seen.push(response.body);
      return response;
    });
    return seen;
  }

  it('does not open the file for a HEAD request', async () => {
    const app = appSending();
    const seen = capturing(app);
    const res = await app.testClient().head('/f/ten.txt');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-length'), '10');
    assert.equal(res.body.length, 0);
    const body = seen[0];
    assert.ok(body instanceof LazyFileStream);
    assert.equal(body.isOpened, false);
  });

  it('closes the file once the response is done', async () => {
    const app = appSending();
    const seen = capturing(app);
    await get(app, '/f/ten.txt');
    const body = seen[0];
    assert.ok(body instanceof LazyFileStream);
    assert.equal(body.destroyed, true);
  });

  it('sends X-Sendfile and no body when USE_X_SENDFILE is on', async () => {
    const app = appSending({}, (a) => {
      a.config.USE_X_SENDFILE = true;
    });
    const res = await get(app, '/f/ten.txt');
    assert.equal(res.headers.get('x-sendfile'), join(root, 'files', 'ten.txt'));
    assert.equal(res.headers.get('content-length'), '10');
    assert.equal(res.body.length, 0);
  });
});

describe('sendFromDirectory', () => {
  function app(): Flagon {
    const a = new Flagon('test', { rootPath: root, staticFolder: null });
    a.logger.sink = () => {};
    a.get('/d/<path:name>', ({ name }) => sendFromDirectory('files', name));
    return a;
  }

  it('sends a file from a directory relative to the app root', async () => {
    const res = await app().testClient().get('/d/sub/inner.txt');
    assert.equal(res.status, 200);
    assert.equal(res.text, 'inner');
    assert.equal(res.headers.get('content-disposition'), 'inline; filename=inner.txt');
  });

  it('answers 404 for a missing file', async () => {
    assert.equal((await app().testClient().get('/d/nope.txt')).status, 404);
  });

  it('answers 404 for a directory', async () => {
    assert.equal((await app().testClient().get('/d/sub')).status, 404);
  });

  it('answers 404 for a path under a file', async () => {
    assert.equal((await app().testClient().get('/d/ten.txt/x')).status, 404);
  });

  it('answers 404 for a traversal attempt', async () => {
    assert.equal((await app().testClient().get('/d/sub/../../files/ten.txt')).status, 404);
  });

  it('passes options through to sendFile', async () => {
    const a = new Flagon('test', { rootPath: root, staticFolder: null });
    a.get('/d/<path:name>', ({ name }) => sendFromDirectory('files', name, { asAttachment: true }));
    const res = await a.testClient().get('/d/ten.txt');
    assert.equal(res.headers.get('content-disposition'), 'attachment; filename=ten.txt');
  });
});

describe('MIME type guessing', () => {
  const cases: [string, string | null, string | null][] = [
    ['photo.JPG', 'image/jpeg', null],
    ['archive.tar.gz', 'application/x-tar', 'gzip'],
    ['archive.tgz', 'application/x-tar', 'gzip'],
    ['drawing.svgz', 'image/svg+xml', 'gzip'],
    ['data.gz', null, 'gzip'],
    ['dir.d/README', null, null],
    ['.htaccess', null, null],
    ['module.mjs', 'text/javascript', null],
    ['app.webmanifest', 'application/manifest+json', null],
  ];
  for (const [name, type, encoding] of cases) {
    it(`guesses ${JSON.stringify(type)} with encoding ${JSON.stringify(encoding)} for ${name}`, () => {
      assert.deepEqual(guessType(name), { type, encoding });
    });
  }
});
