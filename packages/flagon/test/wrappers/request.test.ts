import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Flagon, type ViewFunction } from 'flagon';

function echo(view: ViewFunction): Flagon {
  const app = new Flagon('test');
  app.route('/', { methods: ['GET', 'POST', 'PUT'] }, view);
  return app;
}

describe('request URL parts', () => {
  it('reports path, fullPath, url, baseUrl, urlRoot, host and scheme', async () => {
    const app = echo((_p, r) => ({
      path: r.path,
      fullPath: r.fullPath,
      url: r.url,
      baseUrl: r.baseUrl,
      urlRoot: r.urlRoot,
      host: r.host,
      scheme: r.scheme,
      isSecure: r.isSecure,
    }));
    app.get('/a b/<x>', (_p, r) => ({ path: r.path, url: r.url }));
    const res = await app.testClient().get('/?q=1', { scheme: 'https', headers: { Host: 'example.com' } });
    assert.deepEqual(res.json, {
      baseUrl: 'https://example.com/',
      fullPath: '/?q=1',
      host: 'example.com',
      isSecure: true,
      path: '/',
      scheme: 'https',
      url: 'https://example.com/?q=1',
      urlRoot: 'https://example.com/',
    });
  });

  it('upper-cases a method sent in lower case, and keeps an upper-case one as it is', () => {
    const app = new Flagon('test');
    const make = (method: string) =>
      app.createRequest({ method, target: '/', headers: ['Host', 'localhost'], body: null });
    assert.equal(make('patch').method, 'PATCH');
    assert.equal(make('mKcol').method, 'MKCOL');
    assert.equal(make('GET').method, 'GET');
  });

  it('decodes percent-escapes in the path', async () => {
    const app = new Flagon('test');
    app.get('/files/<name>', ({ name }, r) => ({ name, path: r.path }));
    const res = await app.testClient().get('/files/caf%C3%A9');
    assert.deepEqual(res.json, { name: 'café', path: '/files/café' });
  });
});

describe('request args', () => {
  it('keeps repeated keys and converts with a type', async () => {
    const app = echo((_p, r) => ({
      all: r.args.getAll('tag'),
      first: r.args.get('tag') ?? null,
      page: r.args.get('page', { type: Number }) ?? null,
      bad:
        r.args.get('bad', {
          type: (v: string) => {
            if (!/^\d+$/.test(v)) throw new Error('nan');
            return Number(v);
          },
          default: -1,
        }) ?? null,
    }));
    const res = await app.testClient().get('/?tag=a&tag=b&page=3&bad=x');
    assert.deepEqual(res.json, { all: ['a', 'b'], bad: -1, first: 'a', page: 3 });
  });

  it('treats __proto__ in the query as an ordinary key', async () => {
    const app = echo((_p, r) => ({
      proto: r.args.get('__proto__') ?? null,
      polluted: ({} as Record<string, unknown>).x ?? null,
    }));
    const res = await app.testClient().get('/?__proto__[x]=1&__proto__=y');
    assert.deepEqual(res.json, { polluted: null, proto: 'y' });
  });
});

describe('request headers and cookies', () => {
  it('reads headers case-insensitively', async () => {
    const app = echo((_p, r) => r.headers.get('x-custom') ?? 'none');
    const res = await app.testClient().get('/', { headers: { 'X-CUSTOM': 'yes' } });
    assert.equal(res.text, 'yes');
  });

  it('parses cookies', async () => {
    const app = echo((_p, r) => r.cookies.get('theme') ?? 'none');
    const res = await app.testClient().get('/', { headers: { Cookie: 'a=1; theme=dark' } });
    assert.equal(res.text, 'dark');
  });

  it('ignores a malformed cookie header instead of failing', async () => {
    const app = echo((_p, r) => String(r.cookies.size));
    const res = await app.testClient().get('/', { headers: { Cookie: ';;=;garbage;%%=1' } });
    assert.equal(res.status, 200);
  });

  it('picks the best Accept match by quality', async () => {
    const app = echo((_p, r) => r.acceptMimetypes.bestMatch(['text/html', 'application/json']) ?? 'none');
    const res = await app.testClient().get('/', { headers: { Accept: 'text/html;q=0.5, application/json' } });
    assert.equal(res.text, 'application/json');
  });

  it('parses Basic authorization', async () => {
    const app = echo((_p, r) => JSON.stringify(r.authorization));
    const token = Buffer.from('ada:s3cret:x').toString('base64');
    const res = await app.testClient().get('/', { headers: { Authorization: `Basic ${token}` } });
    const auth = JSON.parse(res.text);
    assert.equal(auth.type, 'basic');
    assert.equal(auth.username, 'ada');
    assert.equal(auth.password, 's3cret:x');
  });

  it('parses a Bearer token', async () => {
    const app = echo((_p, r) => JSON.stringify(r.authorization));
    const res = await app.testClient().get('/', { headers: { Authorization: 'Bearer abc.def' } });
    assert.equal(JSON.parse(res.text).token, 'abc.def');
  });

  it('reports a mimetype without params, lower-cased', async () => {
    const app = echo((_p, r) => ({ mimetype: r.mimetype, params: { ...r.mimetypeParams } }));
    const res = await app.testClient().post('/', { body: '{}', contentType: ' Application/JSON ' });
    assert.deepEqual(res.json, { mimetype: 'application/json', params: {} });
  });

  it('reads Content-Length as a number only when it is a plain decimal count', () => {
    const app = new Flagon('test');
    const lengthOf = (value: string) =>
      app.createRequest({ method: 'POST', target: '/', headers: ['Content-Length', value], body: null })
        .contentLength;
    assert.equal(lengthOf('42'), 42);
    assert.equal(lengthOf(' \t17 '), 17);
    assert.equal(lengthOf('0'), 0);
    assert.equal(lengthOf('123456789012345678901'), Number('123456789012345678901'));
    for (const bad of ['', '  ', '-1', '+1', '1.5', '12abc', '0x10', '1 2', '１２'])
      assert.equal(lengthOf(bad), null, JSON.stringify(bad));
  });

  it('reports the mimetype and its params', async () => {
    const app = echo((_p, r) => ({ mimetype: r.mimetype, charset: r.mimetypeParams.charset ?? null }));
    const res = await app.testClient().post('/', { body: 'x', contentType: 'Text/Plain; charset=UTF-8' });
    assert.deepEqual(res.json, { charset: 'UTF-8', mimetype: 'text/plain' });
  });
});

describe('request body', () => {
  it('parses a JSON body', async () => {
    const app = echo(async (_p, r) => ({ got: await r.json }));
    const res = await app.testClient().post('/', { json: { a: [1, 2] } });
    assert.deepEqual(res.json, { got: { a: [1, 2] } });
  });

  it('answers 415 when request.json is read from a non-JSON body', async () => {
    const app = echo(async (_p, r) => ({ got: await r.json }));
    const res = await app.testClient().post('/', { body: '{"a":1}', contentType: 'text/plain' });
    assert.equal(res.status, 415);
  });

  it('answers 400 with the reason for malformed JSON', async () => {
    const app = echo(async (_p, r) => ({ got: await r.json }));
    const res = await app.testClient().post('/', { body: '{"a":', contentType: 'application/json' });
    assert.equal(res.status, 400);
    assert.match(res.text, /Failed to decode JSON object/);
  });

  it('returns null from getJson({ silent }) for malformed JSON', async () => {
    const app = echo(async (_p, r) => ({ got: await r.getJson({ silent: true }) }));
    const res = await app.testClient().post('/', { body: '{oops', contentType: 'application/json' });
    assert.deepEqual(res.json, { got: null });
  });

  it('parses JSON of any content type with getJson({ force })', async () => {
    const app = echo(async (_p, r) => ({ got: await r.getJson({ force: true }) }));
    const res = await app.testClient().post('/', { body: '[1]', contentType: 'text/plain' });
    assert.deepEqual(res.json, { got: [1] });
  });

  it('drops __proto__ keys from JSON so merging cannot pollute prototypes', async () => {
    const app = echo(async (_p, r) => {
      const body = (await r.json) as Record<string, unknown>;
      const merged = Object.assign({}, body);
      return {
        keys: Object.keys(body),
        polluted: ({} as Record<string, unknown>).polluted ?? null,
        own: Object.hasOwn(merged, 'polluted'),
      };
    });
    const res = await app.testClient().post('/', {
      body: '{"__proto__": {"polluted": true}, "a": 1, "b": {"\\u005f_proto__": {"polluted": 1}}}',
      contentType: 'application/json',
    });
    assert.deepEqual(res.json, { keys: ['a', 'b'], own: false, polluted: null });
  });

  it('reads an urlencoded form', async () => {
    const app = echo(async (_p, r) => ({
      name: (await r.form).get('name') ?? null,
      tags: (await r.form).getAll('t'),
    }));
    const res = await app.testClient().post('/', { data: { name: 'Ada L', t: ['1', '2'] } });
    assert.deepEqual(res.json, { name: 'Ada L', tags: ['1', '2'] });
  });

  it('reads multipart fields and files', async () => {
    const app = echo(async (_p, r) => {
      const files = await r.files;
      const upload = files.get('doc');
      return {
        title: (await r.form).get('title') ?? null,
        filename: upload?.filename ?? null,
        size: upload?.size ?? null,
        text: upload ? (await upload.bytes()).toString() : null,
      };
    });
    const res = await app.testClient().post('/', {
      data: { title: 'report' },
      files: { doc: { content: 'hello file', filename: 'notes.txt', contentType: 'text/plain' } },
    });
    assert.deepEqual(res.json, { filename: 'notes.txt', size: 10, text: 'hello file', title: 'report' });
  });

  it('combines args and form in values', async () => {
    const app = echo(async (_p, r) => (await r.values).getAll('x'));
    const res = await app.testClient().post('/?x=1', { data: { x: '2' } });
    assert.deepEqual(res.json, ['1', '2']);
  });

  it('answers 413 when the declared body is over MAX_CONTENT_LENGTH', async () => {
    const app = echo(async (_p, r) => String((await r.data).length));
    app.config.MAX_CONTENT_LENGTH = 10;
    const res = await app.testClient().post('/', { body: 'x'.repeat(11) });
    assert.equal(res.status, 413);
  });

  it('answers 413 when an undeclared (chunked) body grows past MAX_CONTENT_LENGTH', async () => {
    const app = echo(async (_p, r) => String((await r.data).length));
    app.config.MAX_CONTENT_LENGTH = 10;
    async function* chunks() {
      for (let i = 0; i < 5; i++) yield Buffer.from('abcd');
    }
    const res = await app.testClient().post('/', { body: chunks() });
    assert.equal(res.status, 413);
  });

  it('answers 413 for a form over MAX_FORM_MEMORY_SIZE', async () => {
    const app = echo(async (_p, r) => String((await r.form).size));
    app.config.MAX_FORM_MEMORY_SIZE = 20;
    const res = await app.testClient().post('/', { data: { big: 'y'.repeat(100) } });
    assert.equal(res.status, 413);
  });

  it('answers 413 for a multipart body with more parts than MAX_FORM_PARTS', async () => {
    const app = echo(async (_p, r) => String((await r.form).size));
    app.config.MAX_FORM_PARTS = 3;
    const data: Record<string, string> = {};
    for (let i = 0; i < 10; i++) data[`f${i}`] = 'v';
    const res = await app.testClient().post('/', { data, files: { f: { content: 'x' } } });
    assert.equal(res.status, 413);
  });

  it('answers 400 for a multipart body without a boundary', async () => {
    const app = echo(async (_p, r) => String((await r.form).size));
    const res = await app.testClient().post('/', { body: '--x\r\n', contentType: 'multipart/form-data' });
    assert.equal(res.status, 400);
  });

  it('returns the raw body from getData', async () => {
    const app = echo(async (_p, r) => r.getData({ asText: true }));
    const res = await app.testClient().put('/', { body: 'raw text' });
    assert.equal(res.text, 'raw text');
  });
});

describe('uploaded files', () => {
  it('spools a large upload to a temp file and removes it after the request', async () => {
    const { existsSync } = await import('node:fs');
    let tempPath: string | null = null;
    let existedDuringRequest = false;
    const app = new Flagon('test');
    app.config.MAX_CONTENT_LENGTH = 10 * 1024 * 1024;
    app.post('/upload', async (_p, r) => {
      const file = (await r.files).get('big');
      tempPath = (file as unknown as { tempPath: string | null }).tempPath;
      existedDuringRequest = tempPath !== null && existsSync(tempPath);
      return String(file?.size);
    });
    const content = Buffer.alloc(2 * 1024 * 1024, 'a');
    const res = await app.testClient().post('/upload', { files: { big: { content, filename: 'big.bin' } } });
    assert.equal(res.text, String(content.length));
    assert.equal(existedDuringRequest, true);
    assert.equal(existsSync(tempPath as unknown as string), false);
  });
});

describe('urlFor with _method', () => {
  it('picks the rule that allows the method', async () => {
    const { urlFor } = await import('flagon');
    const app = new Flagon('test');
    const item = () => 'item';
    app.route('/items/<int:id>', { endpoint: 'item', methods: ['GET'] }, item);
    app.route('/items/<int:id>/edit', { endpoint: 'item', methods: ['POST'] }, item);
    const urls = app
      .testRequestContext('/')
      .run(() => [urlFor('item', { id: 1 }), urlFor('item', { id: 1, _method: 'POST' })]);
    assert.deepEqual(urls, ['/items/1', '/items/1/edit']);
  });
});
