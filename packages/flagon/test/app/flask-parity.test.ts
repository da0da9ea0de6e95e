import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Blueprint, Flagon, renderTemplateString, sendFile, session, urlFor } from 'flagon';

const PYTHON = '/usr/bin/python3';
const here = dirname(fileURLToPath(import.meta.url));

/** What Flask 2.2 answers for the app in fixtures/flask_parity.py; null when Python or Flask is missing. */
function flaskAnswers(): Record<string, unknown> | null {
  if (!existsSync(PYTHON)) return null;
  try {
    const out = execFileSync(PYTHON, [join(here, 'fixtures', 'flask_parity.py')], { encoding: 'utf8' });
    return JSON.parse(out) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** The same app as fixtures/flask_parity.py, in Flagon. */
function makeApp(): Flagon {
  const app = new Flagon('parity', { staticFolder: null });
  app.config.SECRET_KEY = 'k';
  app.logger.sink = () => {};
  app.get('/json', () => ({
    é: 'ü\u2028\u2029\u{1F600}',
    10: 1,
    9: 2,
    b: [1, { z: 1, a: '\x7f' }],
    '\uff01': 1,
    '\u{1F600}': 2,
  }));
  const x = () => urlFor('x');
  app.route('/x-get', { endpoint: 'x', methods: ['GET'] }, x);
  app.route('/x-post', { endpoint: 'x', methods: ['POST'] }, x);
  const parent = new Blueprint('parent', import.meta.url);
  const child = new Blueprint('child', import.meta.url);
  child.get('/bp', (_params, request) => ({ blueprint: request.blueprint, blueprints: request.blueprints }));
  parent.registerBlueprint(child, { urlPrefix: '/child' });
  app.registerBlueprint(parent, { urlPrefix: '/parent' });
  app.get('/args', () =>
    renderTemplateString('{{ request.args.get("q", "none") }}|{{ session.get("user", "anon") }}'),
  );
  app.get('/accept', (_params, request) => ({ html: request.acceptMimetypes.acceptHtml }));
  app.get('/urls/<path:p>', (_params, request) => ({
    base_url: request.baseUrl,
    host: request.host,
    host_url: request.hostUrl,
    url: request.url,
  }));
  return app;
}

describe('answers as Flask 2.2 does', () => {
  let flask: Record<string, unknown> | null;
  before(() => {
    flask = flaskAnswers();
  });
  const skipUnlessFlask = (t: { skip(reason: string): void }): boolean => {
    if (flask === null) t.skip('needs /usr/bin/python3 with flask 2.2 (apt install python3-flask)');
    return flask === null;
  };

  it('sends JSON as application/json without a charset, ensure_ascii and sort_keys bytes as Python', async (t) => {
    if (skipUnlessFlask(t)) return;
    const app = makeApp();
    app.json.sortKeys = true;
    const res = await app.testClient().get('/json');
    assert.deepEqual({ type: res.headers.get('content-type'), body: res.text }, flask!.json);
  });

  it('builds urlFor with the current request method first', async (t) => {
    if (skipUnlessFlask(t)) return;
    const client = makeApp().testClient();
    assert.equal((await client.get('/x-get')).text, flask!.url_for_get);
    assert.equal((await client.post('/x-post')).text, flask!.url_for_post);
  });

  it('gives request.blueprint and request.blueprints of a nested blueprint', async (t) => {
    if (skipUnlessFlask(t)) return;
    const res = await makeApp().testClient().get('/parent/child/bp');
    assert.deepEqual(res.json, flask!.bp);
  });

  it('reads args.get(key, default) and session.get(key, default) in a template', async (t) => {
    if (skipUnlessFlask(t)) return;
    const res = await makeApp().testClient().get('/args');
    assert.equal(res.text, flask!.args);
  });

  it('counts Accept: application/xml as accepting HTML', async (t) => {
    if (skipUnlessFlask(t)) return;
    const res = await makeApp()
      .testClient()
      .get('/accept', { headers: { Accept: 'application/xml' } });
    assert.deepEqual(res.json, flask!.accept_xml);
  });

  it('drops port 80 over http and keeps a non-ASCII path as written', async (t) => {
    if (skipUnlessFlask(t)) return;
    const res = await makeApp()
      .testClient()
      .get('/urls/caf%C3%A9/%C3%BC%20x', { headers: { Host: 'example.com:80' } });
    assert.deepEqual(res.json, flask!.urls_http);
  });

  it('drops port 443 over https', async (t) => {
    if (skipUnlessFlask(t)) return;
    const res = await makeApp()
      .testClient()
      .get('/urls/a', { headers: { Host: 'example.com:443' }, scheme: 'https' });
    assert.deepEqual(res.json, flask!.urls_https);
  });
});

describe('JSON provider options', () => {
  it('escapes nothing for ASCII output and everything else with ensureAscii', () => {
    const app = new Flagon('json');
    assert.equal(app.json.dumps({ a: 'plain' }), '{"a":"plain"}');
    assert.equal(app.json.dumps('é\u{1F600}'), '"\\u00e9\\ud83d\\ude00"');
  });

  it('writes UTF-8 as it is with ensureAscii off', () => {
    const app = new Flagon('json');
    app.json.ensureAscii = false;
    assert.equal(app.json.dumps('é\u2028'), '"é\u2028"');
  });

  it('sorts keys by code point and keeps numeric-looking keys in that order, also indented', () => {
    const app = new Flagon('json');
    app.json.sortKeys = true;
    assert.equal(
      app.json.dumps({ b: 1, 9: 2, 10: 3, a: { d: 1, c: 2 } }, { indent: 2 }),
      ['{', '  "10": 3,', '  "9": 2,', '  "a": {', '    "c": 2,', '    "d": 1', '  },', '  "b": 1', '}'].join(
        '\n',
      ),
    );
  });
});

describe('Flask parity of small helpers', () => {
  it('gives args.get a positional default, and the value when present', async () => {
    const app = new Flagon('args', { staticFolder: null });
    app.get('/', (_params, request) => `${request.args.get('q', 'none')}|${request.args.get('p', 'none')}`);
    assert.equal((await app.testClient().get('/?p=1')).text, 'none|1');
  });

  it('gives session.get a positional default only when the key is not stored', async () => {
    const app = new Flagon('session', { staticFolder: null });
    app.config.SECRET_KEY = 'k';
    app.get('/', () => {
      session.set('zero', 0);
      return `${session.get('missing', 'd')}|${session.get('zero', 'd')}`;
    });
    assert.equal((await app.testClient().get('/')).text, 'd|0');
  });

  it('quotes a Content-Disposition filename only when it is not a token, as Werkzeug', async () => {
    const app = new Flagon('files', { staticFolder: null });
    const file = fileURLToPath(import.meta.url);
    app.get('/<name>', ({ name }) => sendFile(file, { asAttachment: true, downloadName: name }));
    const client = app.testClient();
    const disposition = async (name: string) =>
      (await client.get(`/${encodeURIComponent(name)}`)).headers.get('content-disposition');
    assert.equal(await disposition('report.pdf'), 'attachment; filename=report.pdf');
    assert.equal(await disposition('my report.pdf'), 'attachment; filename="my report.pdf"');
    assert.equal(
      await disposition('naïve café.txt'),
      `attachment; filename="naive cafe.txt"; filename*=UTF-8''na%C3%AFve%20caf%C3%A9.txt`,
    );
  });
});
