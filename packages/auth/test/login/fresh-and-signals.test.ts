import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Flagon, session } from 'flagon';
import {
  confirmLogin,
  generateToken,
  HTTPTokenAuth,
  LoginManager,
  loadCurrentUser,
  loginFresh,
  userAccessed,
  userLoginConfirmed,
  userNeedsRefresh,
  verifyToken,
} from '../../src/index.ts';
import { makeLoginApp, USERS } from '../helpers/login-app.ts';

async function counting<T>(
  signal: { connect(fn: () => void): () => void },
  run: () => Promise<T>,
): Promise<number> {
  let count = 0;
  const off = signal.connect(() => {
    count++;
  });
  try {
    await run();
  } finally {
    off();
  }
  return count;
}

describe('fresh logins', () => {
  it('confirmLogin makes a stale login fresh again and sends userLoginConfirmed', async () => {
    const { app } = makeLoginApp();
    app.post('/confirm', async () => {
      await confirmLogin();
      return { fresh: loginFresh() };
    });
    const client = app.testClient();
    await client.post('/do-login/1?fresh=0');
    assert.equal((await client.get('/fresh')).status, 401);
    const sent = await counting(userLoginConfirmed, () => client.post('/confirm'));
    assert.equal(sent, 1);
    assert.equal((await client.get('/fresh')).text, 'fresh');
  });

  it('sends userNeedsRefresh and uses the needs-refresh handler', async () => {
    const { app, login } = makeLoginApp();
    login.needsRefreshHandler(() => ['please re-enter your password', 403]);
    const client = app.testClient();
    await client.post('/do-login/1?fresh=0');
    let res: Awaited<ReturnType<typeof client.get>> | undefined;
    const sent = await counting(userNeedsRefresh, async () => {
      res = await client.get('/fresh');
    });
    assert.equal(sent, 1);
    assert.equal(res?.status, 403);
  });
});

describe('user loading', () => {
  it('sends userAccessed once per request that loads the user', async () => {
    const { app } = makeLoginApp();
    const sent = await counting(userAccessed, () => app.testClient().get('/me'));
    assert.equal(sent, 1);
  });

  it('loads the user on demand in a hook registered before the LoginManager', async () => {
    const app = new Flagon('early', { config: { SECRET_KEY: 'k' } });
    let seen: unknown;
    app.beforeRequest(async () => {
      seen = (await loadCurrentUser()).isAuthenticated;
    });
    const login = new LoginManager(app);
    login.userLoader((id) => USERS.get(Number(id)) ?? null);
    app.get('/', () => 'ok');
    await app.testClient().get('/');
    assert.equal(seen, false);
  });

  it('throws a SetupError naming the fix when no user loader is set', async () => {
    const app = new Flagon('noloader', { config: { SECRET_KEY: 'k' } });
    new LoginManager(app);
    app.get('/', () => 'ok');
    app.testing = true;
    await assert.rejects(app.testClient().get('/'), /userLoader/);
  });

  it('stores next in the session instead of the URL with USE_SESSION_FOR_NEXT', async () => {
    const { app } = makeLoginApp({ loginView: 'login' }, { USE_SESSION_FOR_NEXT: true });
    const client = app.testClient();
    const res = await client.get('/private?page=2');
    assert.equal(res.location, '/login');
    const data = (await client.get('/session')).json as Record<string, unknown>;
    assert.equal(data.next, '/private?page=2');
  });

  it('refreshes the remember cookie on every request with REMEMBER_COOKIE_REFRESH_EACH_REQUEST', async () => {
    const { app } = makeLoginApp({ loginView: 'login' }, { REMEMBER_COOKIE_REFRESH_EACH_REQUEST: true });
    const client = app.testClient();
    await client.post('/do-login/1?remember=1');
    const res = await client.get('/me');
    assert.ok(res.headers.getAll('Set-Cookie').some((c) => c.startsWith('remember_token=1|')));
  });

  it('keeps session keys when the session has no login', async () => {
    const { app } = makeLoginApp();
    app.post('/cart', () => {
      session.set('cart', ['apple']);
      return 'ok';
    });
    const client = app.testClient();
    await client.post('/cart');
    await client.get('/private');
    assert.deepEqual(((await client.get('/session')).json as Record<string, unknown>).cart, ['apple']);
  });
});

describe('API tokens with HTTPTokenAuth', () => {
  it('accepts tokens from generateToken and refuses expired ones', async () => {
    const app = new Flagon('api', { config: { SECRET_KEY: 'api key' } });
    const auth = new HTTPTokenAuth();
    auth.verifyToken((token) => verifyToken(token, { salt: 'api', maxAge: 60 }));
    app.get(
      '/api/me',
      auth.loginRequired(() => ({ user: auth.currentUser() })),
    );
    const token = app.appContext().run(() => generateToken({ id: 1 }, { salt: 'api' }));
    const old = app
      .appContext()
      .run(() => generateToken({ id: 1 }, { salt: 'api', now: () => Date.now() - 120_000 }));
    const client = app.testClient();
    const ok = await client.get('/api/me', { headers: { Authorization: `Bearer ${token}` } });
    assert.deepEqual(ok.json, { user: { id: 1 } });
    assert.equal((await client.get('/api/me', { headers: { Authorization: `Bearer ${old}` } })).status, 401);
  });

  it('does not accept a token made for another purpose', async () => {
    const app = new Flagon('api2', { config: { SECRET_KEY: 'api key' } });
    const auth = new HTTPTokenAuth();
    auth.verifyToken((token) => verifyToken(token, { salt: 'api' }));
    app.get(
      '/api/me',
      auth.loginRequired(() => 'ok'),
    );
    const reset = app.appContext().run(() => generateToken({ id: 1 }, { salt: 'password-reset' }));
    const res = await app.testClient().get('/api/me', { headers: { Authorization: `Bearer ${reset}` } });
    assert.equal(res.status, 401);
  });
});
