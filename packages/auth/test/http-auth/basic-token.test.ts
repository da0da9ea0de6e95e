import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Blueprint, Flagon } from 'flagon';
import { HTTPBasicAuth, HTTPTokenAuth, MultiAuth } from '../../src/index.ts';

const USERS: Record<string, { password: string; roles: string[] }> = {
  ada: { password: 'lovelace', roles: ['admin', 'editor'] },
  bob: { password: 'pässwörd', roles: ['editor'] },
};

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

function basicApp() {
  const app = new Flagon('basic', { config: { TESTING: true } });
  const auth = new HTTPBasicAuth();
  auth.verifyPassword((username, password) => (USERS[username]?.password === password ? username : null));
  auth.getUserRoles((user) => USERS[user as string]?.roles ?? null);
  app.route(
    '/me',
    { methods: ['GET', 'OPTIONS'] },
    auth.loginRequired(function me() {
      return { user: auth.currentUser() };
    }),
  );
  app.get(
    '/admin',
    auth.loginRequired({ role: 'admin' })(function admin() {
      return 'admin';
    }),
  );
  app.get(
    '/any',
    auth.loginRequired({ role: ['admin', 'editor'] })(function any() {
      return 'any';
    }),
  );
  app.get(
    '/all',
    auth.loginRequired({ role: [['admin', 'editor']] })(function all() {
      return 'all';
    }),
  );
  app.get(
    '/maybe',
    auth.loginRequired({ optional: true })(function maybe() {
      return { user: auth.currentUser() };
    }),
  );
  return { app, auth };
}

describe('HTTPBasicAuth', () => {
  it('answers 401 with a Basic challenge without credentials', async () => {
    const { app } = basicApp();
    const res = await app.testClient().get('/me');
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('WWW-Authenticate'), 'Basic realm="Authentication Required"');
    assert.equal(res.text, 'Unauthorized Access');
  });

  it('lets valid credentials through and exposes the user', async () => {
    const { app } = basicApp();
    const res = await app.testClient().get('/me', { headers: { Authorization: basic('ada', 'lovelace') } });
    assert.deepEqual(res.json, { user: 'ada' });
  });

  it('decodes UTF-8 credentials', async () => {
    const { app } = basicApp();
    const res = await app.testClient().get('/me', { headers: { Authorization: basic('bob', 'pässwörd') } });
    assert.deepEqual(res.json, { user: 'bob' });
  });

  it('falls back to Latin-1 for credentials that are not UTF-8', async () => {
    const { app } = basicApp();
    const latin1 = `Basic ${Buffer.from('bob:pässwörd', 'latin1').toString('base64')}`;
    const res = await app.testClient().get('/me', { headers: { Authorization: latin1 } });
    assert.deepEqual(res.json, { user: 'bob' });
  });

  it('answers 401 for a wrong password', async () => {
    const { app } = basicApp();
    const res = await app.testClient().get('/me', { headers: { Authorization: basic('ada', 'nope') } });
    assert.equal(res.status, 401);
  });

  it('matches the scheme name case-insensitively', async () => {
    const { app } = basicApp();
    const header = basic('ada', 'lovelace').replace('Basic', 'bAsIc');
    assert.equal((await app.testClient().get('/me', { headers: { Authorization: header } })).status, 200);
  });

  it('answers 401, never 500, for malformed Authorization headers', async () => {
    const { app } = basicApp();
    const client = app.testClient();
    for (const header of [
      'Basic',
      'Basic !!!notbase64',
      `Basic ${Buffer.from('nocolon').toString('base64')}`,
      `Basic ${'A'.repeat(100_000)}`,
      `Basic ${Buffer.from('ada\u0001:lovelace').toString('base64')}`,
      `Basic ${Buffer.from([0xff, 0xfe, 0x3a, 0x00]).toString('base64')}`,
      'Bearer abc',
      '   ',
      'Basic =',
    ]) {
      const res = await client.get('/me', { headers: { Authorization: header } });
      assert.equal(res.status, 401, JSON.stringify(header.slice(0, 40)));
    }
  });

  it('lets OPTIONS through without credentials', async () => {
    const { app } = basicApp();
    assert.equal((await app.testClient().options('/me')).status, 200);
  });

  it('answers 403 when the user lacks the role', async () => {
    const { app } = basicApp();
    const res = await app
      .testClient()
      .get('/admin', { headers: { Authorization: basic('bob', 'pässwörd') } });
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('WWW-Authenticate'), null);
  });

  it('accepts any one role of a list', async () => {
    const { app } = basicApp();
    const res = await app.testClient().get('/any', { headers: { Authorization: basic('bob', 'pässwörd') } });
    assert.equal(res.text, 'any');
  });

  it('wants every role of a nested list', async () => {
    const { app } = basicApp();
    const client = app.testClient();
    assert.equal(
      (await client.get('/all', { headers: { Authorization: basic('bob', 'pässwörd') } })).status,
      403,
    );
    assert.equal(
      (await client.get('/all', { headers: { Authorization: basic('ada', 'lovelace') } })).text,
      'all',
    );
  });

  it('lets requests through with optional, with currentUser() null', async () => {
    const { app } = basicApp();
    const client = app.testClient();
    assert.deepEqual((await client.get('/maybe')).json, { user: null });
    assert.deepEqual((await client.get('/maybe', { headers: { Authorization: basic('ada', 'x') } })).json, {
      user: null,
    });
  });

  it('makes currentUser() the username when verifyPassword answers true', async () => {
    const app = new Flagon('true');
    const auth = new HTTPBasicAuth();
    auth.verifyPassword((u, p) => USERS[u]?.password === p);
    app.get(
      '/me',
      auth.loginRequired(() => ({ user: auth.currentUser() })),
    );
    const res = await app.testClient().get('/me', { headers: { Authorization: basic('ada', 'lovelace') } });
    assert.deepEqual(res.json, { user: 'ada' });
  });

  it('uses the error handler and adds the challenge to its 401', async () => {
    const { app, auth } = basicApp();
    auth.errorHandler((status, reason) => [{ error: reason }, status]);
    const res = await app.testClient().get('/me');
    assert.equal(res.status, 401);
    assert.deepEqual(res.json, { error: 'missing' });
    assert.match(res.headers.get('WWW-Authenticate') ?? '', /^Basic /);
  });

  it('guards every view of a blueprint', async () => {
    const app = new Flagon('bp');
    const auth = new HTTPBasicAuth({ realm: 'api' });
    auth.verifyPassword((u, p) => (USERS[u]?.password === p ? u : null));
    const api = new Blueprint('api', 'api', { urlPrefix: '/api' });
    auth.loginRequired(api);
    api.get('/x', function x() {
      return 'x';
    });
    app.registerBlueprint(api);
    const client = app.testClient();
    const res = await client.get('/api/x');
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('WWW-Authenticate'), 'Basic realm="api"');
    assert.equal(
      (await client.get('/api/x', { headers: { Authorization: basic('ada', 'lovelace') } })).text,
      'x',
    );
  });
});

function tokenApp(options: ConstructorParameters<typeof HTTPTokenAuth>[0] = {}) {
  const app = new Flagon('token', { config: { TESTING: true } });
  const auth = new HTTPTokenAuth(options);
  const seen: string[] = [];
  auth.verifyToken((token) => {
    seen.push(token);
    return token === 'good-token' ? { name: 'ada' } : null;
  });
  app.get(
    '/me',
    auth.loginRequired(function me() {
      return { user: auth.currentUser() };
    }),
  );
  return { app, auth, seen };
}

describe('HTTPTokenAuth', () => {
  it('answers 401 with a Bearer challenge and calls verifyToken with "" without a token', async () => {
    const { app, seen } = tokenApp();
    const res = await app.testClient().get('/me');
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('WWW-Authenticate'), 'Bearer realm="Authentication Required"');
    assert.deepEqual(seen, ['']);
  });

  it('accepts a valid bearer token, with the scheme in any case', async () => {
    const { app } = tokenApp();
    const client = app.testClient();
    assert.deepEqual((await client.get('/me', { headers: { Authorization: 'Bearer good-token' } })).json, {
      user: { name: 'ada' },
    });
    assert.equal((await client.get('/me', { headers: { Authorization: 'bearer good-token' } })).status, 200);
  });

  it('refuses an invalid token and another scheme', async () => {
    const { app } = tokenApp();
    const client = app.testClient();
    assert.equal((await client.get('/me', { headers: { Authorization: 'Bearer bad' } })).status, 401);
    assert.equal((await client.get('/me', { headers: { Authorization: 'Token good-token' } })).status, 401);
  });

  it('uses a custom scheme', async () => {
    const { app } = tokenApp({ scheme: 'ApiKey' });
    const res = await app.testClient().get('/me', { headers: { Authorization: 'APIKEY good-token' } });
    assert.equal(res.status, 200);
  });

  it('reads the token from a custom header', async () => {
    const { app } = tokenApp({ header: 'X-API-Key' });
    const client = app.testClient();
    assert.equal((await client.get('/me', { headers: { 'X-API-Key': 'good-token' } })).status, 200);
    assert.equal((await client.get('/me', { headers: { Authorization: 'Bearer good-token' } })).status, 401);
  });

  it('answers 401 for a token of huge size without passing it on', async () => {
    const { app, seen } = tokenApp();
    const res = await app
      .testClient()
      .get('/me', { headers: { Authorization: `Bearer ${'a'.repeat(20_000)}` } });
    assert.equal(res.status, 401);
    assert.deepEqual(seen, ['']);
  });
});

describe('MultiAuth', () => {
  function multiApp() {
    const app = new Flagon('multi', { config: { TESTING: true } });
    const basicAuth = new HTTPBasicAuth();
    basicAuth.verifyPassword((u, p) => (USERS[u]?.password === p ? u : null));
    const tokenAuth = new HTTPTokenAuth();
    tokenAuth.verifyToken((t) => (t === 'good-token' ? 'token-user' : null));
    const multi = new MultiAuth(basicAuth, tokenAuth);
    app.get(
      '/me',
      multi.loginRequired(function me() {
        return { user: multi.currentUser() };
      }),
    );
    return app;
  }

  it('accepts credentials of either scheme', async () => {
    const client = multiApp().testClient();
    assert.deepEqual(
      (await client.get('/me', { headers: { Authorization: basic('ada', 'lovelace') } })).json,
      {
        user: 'ada',
      },
    );
    assert.deepEqual((await client.get('/me', { headers: { Authorization: 'Bearer good-token' } })).json, {
      user: 'token-user',
    });
  });

  it("answers with the main auth's challenge when no scheme matches", async () => {
    const res = await multiApp()
      .testClient()
      .get('/me', { headers: { Authorization: 'Negotiate abc' } });
    assert.equal(res.status, 401);
    assert.match(res.headers.get('WWW-Authenticate') ?? '', /^Basic /);
  });
});
