import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CSRFError, CSRFProtect, generateCsrf, validateCsrf } from '@flagon/forms';
import {
  Blueprint,
  Flagon,
  renderTemplateString,
  session,
  streamTemplate,
  URLSafeTimedSerializer,
} from 'flagon';

function makeApp(config: Record<string, unknown> = {}) {
  const app = new Flagon('csrf-test', { config: { SECRET_KEY: 'test-secret', ...config } });
  const csrf = new CSRFProtect(app);
  app.get('/token', () => generateCsrf());
  app.post('/submit', () => 'accepted');
  return { app, csrf };
}

async function tokenFor(client: ReturnType<Flagon['testClient']>): Promise<string> {
  return (await client.get('/token')).text;
}

describe('CSRFProtect', () => {
  it('refuses a POST without a token with 400 and "The CSRF token is missing."', async () => {
    const { app } = makeApp();
    const res = await app.testClient().post('/submit', { data: { a: '1' } });
    assert.equal(res.status, 400);
    assert.match(res.text, /The CSRF token is missing\./);
  });

  it('accepts a POST carrying the token in the csrf_token field', async () => {
    const { app } = makeApp();
    const client = app.testClient();
    const token = await tokenFor(client);
    const res = await client.post('/submit', { data: { csrf_token: token } });
    assert.equal(res.status, 200);
    assert.equal(res.text, 'accepted');
  });

  it('accepts the token in the X-CSRFToken and X-CSRF-Token headers', async () => {
    const { app } = makeApp();
    const client = app.testClient();
    const token = await tokenFor(client);
    for (const header of ['X-CSRFToken', 'X-CSRF-Token']) {
      const res = await client.post('/submit', { json: { a: 1 }, headers: { [header]: token } });
      assert.equal(res.status, 200, header);
    }
  });

  it('accepts the token from a prefixed form field', async () => {
    const { app } = makeApp();
    const client = app.testClient();
    const token = await tokenFor(client);
    const res = await client.post('/submit', { data: { 'post-csrf_token': token } });
    assert.equal(res.status, 200);
  });

  it('says the session token is missing when the cookie was lost', async () => {
    const { app } = makeApp();
    const token = await tokenFor(app.testClient());
    const res = await app.testClient().post('/submit', { data: { csrf_token: token } });
    assert.equal(res.status, 400);
    assert.match(res.text, /The CSRF session token is missing\./);
  });

  it('says the tokens do not match for a token of another session', async () => {
    const { app } = makeApp();
    const other = await tokenFor(app.testClient());
    const client = app.testClient();
    await tokenFor(client);
    const res = await client.post('/submit', { data: { csrf_token: other } });
    assert.match(res.text, /The CSRF tokens do not match\./);
  });

  it('says the token is invalid when it was tampered with', async () => {
    const { app } = makeApp();
    const client = app.testClient();
    const token = await tokenFor(client);
    const res = await client.post('/submit', { data: { csrf_token: `${token.slice(0, -2)}xx` } });
    assert.match(res.text, /The CSRF token is invalid\./);
  });

  it('says the token has expired past WTF_CSRF_TIME_LIMIT', async () => {
    const { app } = makeApp({ WTF_CSRF_TIME_LIMIT: -1 });
    const client = app.testClient();
    const token = await tokenFor(client);
    const res = await client.post('/submit', { data: { csrf_token: token } });
    assert.match(res.text, /The CSRF token has expired\./);
  });

  it('accepts a two-hour-old token with WTF_CSRF_TIME_LIMIT null, and refuses it by default', async () => {
    for (const [limit, status] of [
      [null, 200],
      [undefined, 400],
    ] as const) {
      const { app } = makeApp(limit === null ? { WTF_CSRF_TIME_LIMIT: null } : {});
      app.get('/raw', () => {
        generateCsrf();
        return String(session.get('csrf_token'));
      });
      const client = app.testClient();
      const raw = (await client.get('/raw')).text;
      const old = new URLSafeTimedSerializer('test-secret', {
        salt: 'wtf-csrf-token',
        signerOptions: { now: () => Date.now() - 2 * 3600 * 1000 },
      }).dumps(raw);
      const res = await client.post('/submit', { data: { csrf_token: old } });
      assert.equal(res.status, status, String(limit));
    }
  });

  it('does not check GET, HEAD or OPTIONS', async () => {
    const { app } = makeApp();
    app.route('/both', { methods: ['GET', 'POST'] }, () => 'ok');
    assert.equal((await app.testClient().get('/both')).status, 200);
  });

  it('checks only WTF_CSRF_METHODS', async () => {
    const { app } = makeApp({ WTF_CSRF_METHODS: ['PUT'] });
    app.put('/put', () => 'put');
    const client = app.testClient();
    assert.equal((await client.post('/submit')).status, 200);
    assert.equal((await client.put('/put')).status, 400);
  });

  it('turns off with WTF_CSRF_ENABLED false', async () => {
    const { app } = makeApp({ WTF_CSRF_ENABLED: false });
    assert.equal((await app.testClient().post('/submit')).status, 200);
  });

  it('checks only where protect() is called with WTF_CSRF_CHECK_DEFAULT false', async () => {
    const { app, csrf } = makeApp({ WTF_CSRF_CHECK_DEFAULT: false });
    app.post('/guarded', async () => {
      await csrf.protect();
      return 'guarded';
    });
    const client = app.testClient();
    assert.equal((await client.post('/submit')).status, 200);
    assert.equal((await client.post('/guarded')).status, 400);
  });

  it('answers 404, not 400, for a POST to no route', async () => {
    const { app } = makeApp();
    assert.equal((await app.testClient().post('/nowhere')).status, 404);
  });

  it('reads the field and header names from WTF_CSRF_FIELD_NAME and WTF_CSRF_HEADERS', async () => {
    const { app } = makeApp({ WTF_CSRF_FIELD_NAME: 'xsrf', WTF_CSRF_HEADERS: ['X-XSRF'] });
    const client = app.testClient();
    const token = await tokenFor(client);
    assert.equal((await client.post('/submit', { data: { xsrf: token } })).status, 200);
    assert.equal((await client.post('/submit', { headers: { 'X-XSRF': token } })).status, 200);
    assert.equal((await client.post('/submit', { data: { csrf_token: token } })).status, 400);
  });
});

describe('csrf.exempt', () => {
  it('exempts a view function', async () => {
    const { app, csrf } = makeApp();
    app.post(
      '/hook',
      csrf.exempt(function hook() {
        return 'hooked';
      }),
    );
    assert.equal((await app.testClient().post('/hook')).status, 200);
  });

  it('exempts a route and an endpoint name', async () => {
    const { app, csrf } = makeApp();
    csrf.exempt(app.post('/a', () => 'a'));
    app.post('/b', function bee() {
      return 'b';
    });
    csrf.exempt('bee');
    const client = app.testClient();
    assert.equal((await client.post('/a')).status, 200);
    assert.equal((await client.post('/b')).status, 200);
  });

  it('exempts a blueprint and the blueprints nested in it', async () => {
    const { app, csrf } = makeApp();
    const api = new Blueprint('api', import.meta.url, { urlPrefix: '/api' });
    const v1 = new Blueprint('v1', import.meta.url, { urlPrefix: '/v1' });
    v1.post('/items', function items() {
      return 'items';
    });
    api.post('/ping', function ping() {
      return 'pong';
    });
    api.registerBlueprint(v1);
    const admin = new Blueprint('admin', import.meta.url, { urlPrefix: '/admin' });
    admin.post('/x', function x() {
      return 'x';
    });
    csrf.exempt(api);
    app.registerBlueprint(api);
    app.registerBlueprint(admin);
    const client = app.testClient();
    assert.equal((await client.post('/api/ping')).status, 200);
    assert.equal((await client.post('/api/v1/items')).status, 200);
    assert.equal((await client.post('/admin/x')).status, 400);
  });
});

describe('CSRFError handling', () => {
  it('is a 400 BadRequest handled by an app error handler', async () => {
    const { app } = makeApp();
    app.errorHandler(CSRFError, (error: CSRFError) => [`refused: ${error.description}`, 400]);
    const res = await app.testClient().post('/submit');
    assert.equal(res.status, 400);
    assert.equal(res.text, 'refused: The CSRF token is missing.');
  });

  it('is handled by csrf.errorHandler on every protected app', async () => {
    const app = new Flagon('csrf-test', { config: { SECRET_KEY: 'k' } });
    const csrf = new CSRFProtect();
    csrf.errorHandler((error) => [`custom ${error.code}`, 403]);
    csrf.initApp(app);
    app.post('/p', () => 'p');
    const res = await app.testClient().post('/p');
    assert.equal(res.status, 403);
    assert.equal(res.text, 'custom 400');
  });
});

describe('tokens', () => {
  it('keeps a 40-hex raw token in session["csrf_token"] and signs it', async () => {
    const { app } = makeApp();
    app.get('/raw', () => {
      const signed = generateCsrf();
      return { raw: session.get('csrf_token') as string, signed };
    });
    const body = (await app.testClient().get('/raw')).json as { raw: string; signed: string };
    assert.match(body.raw, /^[0-9a-f]{40}$/);
    assert.equal(body.signed.split('.').length, 3);
  });

  it('gives the same signed token for every call in one request', async () => {
    const { app } = makeApp();
    app.get('/twice', () => {
      const first = generateCsrf();
      const second = generateCsrf();
      return String(first === second);
    });
    assert.equal((await app.testClient().get('/twice')).text, 'true');
  });

  it('validateCsrf throws CSRFValidationError with the reason', async () => {
    const { app } = makeApp();
    app.get('/check', () => {
      try {
        validateCsrf('');
        return 'valid';
      } catch (error) {
        return `${(error as Error).name}: ${(error as Error).message}`;
      }
    });
    assert.equal(
      (await app.testClient().get('/check')).text,
      'CSRFValidationError: The CSRF token is missing.',
    );
  });

  it('verifies tokens signed with a key listed in SECRET_KEY_FALLBACKS', async () => {
    const { app } = makeApp({ SECRET_KEY: 'old-key' });
    const client = app.testClient();
    const token = await tokenFor(client);
    app.config.SECRET_KEY = 'new-key';
    app.config.SECRET_KEY_FALLBACKS = ['old-key'];
    // The session cookie is signed with the old key too, and Flagon's sessions accept fallbacks as well.
    assert.equal((await client.post('/submit', { data: { csrf_token: token } })).status, 200);
  });

  it('refuses tokens signed with a retired key not in the fallbacks', async () => {
    const { app } = makeApp({ SECRET_KEY: 'old-key', WTF_CSRF_SECRET_KEY: 'csrf-old' });
    const client = app.testClient();
    const token = await tokenFor(client);
    app.config.set('WTF_CSRF_SECRET_KEY', 'csrf-new');
    const res = await client.post('/submit', { data: { csrf_token: token } });
    assert.match(res.text, /The CSRF token is invalid\./);
  });

  it('names the missing secret key instead of failing obscurely', async () => {
    const app = new Flagon('nokey');
    new CSRFProtect(app);
    app.get('/t', () => {
      try {
        return generateCsrf();
      } catch (error) {
        return (error as Error).message;
      }
    });
    assert.match((await app.testClient().get('/t')).text, /secret key is required/);
  });
});

describe('template globals', () => {
  it('gives templates csrf_token() and csrf_meta_tag()', async () => {
    const { app } = makeApp();
    app.get('/page', () =>
      renderTemplateString('{{ csrf_meta_tag() }}|<input name="csrf_token" value="{{ csrf_token() }}">'),
    );
    const text = (await app.testClient().get('/page')).text;
    const [meta, input] = text.split('|');
    const fromMeta = /content="([^"]+)"/.exec(meta ?? '')?.[1];
    const fromInput = /value="([^"]+)"/.exec(input ?? '')?.[1];
    assert.ok(fromMeta);
    assert.equal(fromMeta, fromInput);
  });

  it('sets the session token before a streamed template sends its headers', async () => {
    const root = mkdtempSync(join(tmpdir(), 'forms-stream-'));
    mkdirSync(join(root, 'templates'));
    writeFileSync(
      join(root, 'templates', 'page.html'),
      '<p>{{ rows|join(",") }}</p><i>{{ csrf_token() }}</i>',
    );
    const app = new Flagon('stream', { rootPath: root, config: { SECRET_KEY: 'k' } });
    new CSRFProtect(app);
    app.get('/page', () => streamTemplate('page.html', { rows: ['a', 'b'] }));
    app.post('/submit', () => 'accepted');
    const client = app.testClient();
    const page = await client.get('/page');
    assert.match(page.headers.get('set-cookie') ?? '', /session=/);
    const token = /<i>([^<]+)<\/i>/.exec(page.text)?.[1] ?? '';
    assert.equal((await client.post('/submit', { data: { csrf_token: token } })).status, 200);
  });
});
