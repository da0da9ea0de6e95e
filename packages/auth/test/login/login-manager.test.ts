import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { Blueprint, Flagon } from 'flagon';
import {
  AnonymousUser,
  currentUser,
  LoginManager,
  loginRequired,
  loginUser,
  MemoryRememberTokenStore,
  userLoadedFromCookie,
  userLoggedIn,
  userLoggedOut,
  userUnauthorized,
} from '../../src/index.ts';
import { makeLoginApp, USERS, type User } from '../helpers/login-app.ts';

function rememberCookieOf(setCookies: string[]): string | undefined {
  return setCookies.find((c) => c.startsWith('remember_token='));
}

describe('login guards', () => {
  it('redirects an anonymous user to the login view with ?next= and flashes the login message', async () => {
    const { app } = makeLoginApp();
    const client = app.testClient();
    const res = await client.get('/private?x=1');
    assert.equal(res.status, 302);
    assert.equal(res.location, '/login?next=%2Fprivate%3Fx%3D1');
    const page = await client.get('/login');
    assert.deepEqual((page.json as { flashes: unknown }).flashes, ['Please log in to access this page.']);
  });

  it('answers 401 when there is no login view', async () => {
    const { app } = makeLoginApp({});
    const res = await app.testClient().get('/private');
    assert.equal(res.status, 401);
  });

  it('lets OPTIONS requests through without a login', async () => {
    const { app } = makeLoginApp();
    const res = await app.testClient().options('/private');
    assert.equal(res.status, 200);
  });

  it('lets a logged-in user through', async () => {
    const { app } = makeLoginApp();
    const client = app.testClient();
    assert.deepEqual((await client.post('/do-login/1')).json, { ok: true });
    const res = await client.get('/private');
    assert.equal(res.status, 200);
    assert.equal(res.text, 'hello ada');
  });

  it('uses the unauthorized handler when one is set', async () => {
    const { app, login } = makeLoginApp();
    login.unauthorizedHandler(() => ['go away', 403]);
    const res = await app.testClient().get('/private');
    assert.equal(res.status, 403);
    assert.equal(res.text, 'go away');
  });

  it('guards every view of a blueprint', async () => {
    const app = new Flagon('bp', { config: { SECRET_KEY: 'k' } });
    const login = new LoginManager(app, {
      blueprintLoginViews: { admin: '/admin-login' },
      loginView: '/elsewhere',
    });
    login.userLoader(() => null);
    const admin = new Blueprint('admin', 'admin', { urlPrefix: '/admin' });
    loginRequired(admin);
    admin.get('/', function index() {
      return 'admin';
    });
    const open = new Blueprint('open', 'open', { urlPrefix: '/open' });
    open.get('/', function index() {
      return 'open';
    });
    app.registerBlueprint(admin);
    app.registerBlueprint(open);
    const client = app.testClient();
    const res = await client.get('/admin/');
    assert.equal(res.status, 302);
    assert.equal(res.location, '/admin-login?next=%2Fadmin%2F');
    assert.equal((await client.get('/open/')).text, 'open');
  });

  it('uses the app login view for blueprints without their own', async () => {
    const app = new Flagon('bp2', { config: { SECRET_KEY: 'k' } });
    const login = new LoginManager(app, {
      blueprintLoginViews: { admin: '/admin-login' },
      loginView: '/elsewhere',
    });
    login.userLoader(() => null);
    const shop = new Blueprint('shop', 'shop', { urlPrefix: '/shop' });
    loginRequired(shop);
    shop.get('/', function index() {
      return 'shop';
    });
    app.registerBlueprint(shop);
    assert.equal((await app.testClient().get('/shop/')).location, '/elsewhere?next=%2Fshop%2F');
  });

  it('redirects a login restored from the remember cookie to the refresh view for freshLoginRequired', async () => {
    const { app } = makeLoginApp({ loginView: 'login', refreshView: 'login' });
    const client = app.testClient();
    await client.post('/do-login/1?fresh=0');
    const res = await client.get('/fresh');
    assert.equal(res.status, 302);
    assert.equal(res.location, '/login?next=%2Ffresh');
  });

  it('answers 401 for a stale login when there is no refresh view', async () => {
    const { app } = makeLoginApp();
    const client = app.testClient();
    await client.post('/do-login/1?fresh=0');
    assert.equal((await client.get('/fresh')).status, 401);
  });

  it('passes a fresh login through freshLoginRequired', async () => {
    const { app } = makeLoginApp();
    const client = app.testClient();
    await client.post('/do-login/1');
    assert.equal((await client.get('/fresh')).text, 'fresh');
  });

  it('lets everyone through when LOGIN_DISABLED is set', async () => {
    const { app } = makeLoginApp({ loginView: 'login' }, { LOGIN_DISABLED: true });
    const app2 = app;
    app2.get(
      '/open-when-disabled',
      loginRequired(function openWhenDisabled() {
        return 'in';
      }),
    );
    assert.equal((await app.testClient().get('/open-when-disabled')).text, 'in');
  });
});

describe('loginUser and logoutUser', () => {
  it("writes Flask-Login's session keys", async () => {
    const { app } = makeLoginApp();
    const client = app.testClient();
    const from = { headers: { 'User-Agent': 'test-agent' }, remoteAddr: '10.0.0.1' };
    await client.post('/do-login/1', from);
    const data = (await client.get('/session', from)).json as Record<string, unknown>;
    assert.equal(data._user_id, '1');
    assert.equal(data._fresh, true);
    const expected = createHash('sha512').update("b'10.0.0.1'|b'test-agent'").digest('hex');
    assert.equal(data._id, expected);
  });

  it('refuses a duration that is not a positive number of seconds', async () => {
    const { app } = makeLoginApp();
    app.testing = true;
    await assert.rejects(app.testClient().post('/do-login/1?remember=1&duration=-5'), TypeError);
  });

  it('refuses an inactive user unless forced', async () => {
    const { app } = makeLoginApp();
    const client = app.testClient();
    assert.deepEqual((await client.post('/do-login/2')).json, { ok: false });
    assert.deepEqual((await client.get('/me')).json, { authenticated: false, anonymous: true, id: null });
    assert.deepEqual((await client.post('/do-login/2?force=1')).json, { ok: true });
  });

  it('uses the anonymousUser class given to the LoginManager', async () => {
    class Guest extends AnonymousUser {
      can(): boolean {
        return false;
      }
    }
    const { app } = makeLoginApp({ loginView: 'login', anonymousUser: Guest });
    app.get('/can', () => ({
      guest: currentUser instanceof Guest,
      can: (currentUser as unknown as Guest).can(),
    }));
    const client = app.testClient();
    assert.deepEqual((await client.get('/can')).json, { guest: true, can: false });
    await client.post('/do-login/1');
    await client.post('/logout');
    assert.deepEqual((await client.get('/can')).json, { guest: true, can: false });
  });

  it('makes currentUser the anonymous user for nobody logged in', async () => {
    const { app } = makeLoginApp();
    assert.deepEqual((await app.testClient().get('/me')).json, {
      authenticated: false,
      anonymous: true,
      id: null,
    });
  });

  it('logs the user out so guards refuse again', async () => {
    const { app } = makeLoginApp();
    const client = app.testClient();
    await client.post('/do-login/1');
    await client.post('/logout');
    assert.equal((await client.get('/private')).status, 302);
    const data = (await client.get('/session')).json as Record<string, unknown>;
    assert.equal(data._user_id, undefined);
  });

  it('treats a session whose user no longer exists as anonymous', async () => {
    const { app, login } = makeLoginApp();
    const client = app.testClient();
    await client.post('/do-login/1');
    login.userLoader(() => null);
    assert.deepEqual((await client.get('/me')).json, { authenticated: false, anonymous: true, id: null });
  });

  it('regenerates a server-side session on login (session fixation)', async () => {
    const app = new Flagon('regen', { config: { SECRET_KEY: 'k' } });
    const login = new LoginManager(app);
    login.userLoader((id) => USERS.get(Number(id)) ?? null);
    let regenerated = 0;
    app.beforeRequest((request) => {
      (request.session as { regenerate?: () => void }).regenerate = () => {
        regenerated++;
      };
    });
    app.post('/in', async () => ({ ok: await loginUser(USERS.get(1) as User) }));
    await app.testClient().post('/in');
    assert.equal(regenerated, 1);
  });

  it('sends userLoggedIn and userLoggedOut with the user', async () => {
    const { app } = makeLoginApp();
    const seen: string[] = [];
    const offIn = userLoggedIn.connect((_app, user) => {
      seen.push(`in:${(user as unknown as User).name}`);
    });
    const offOut = userLoggedOut.connect((_app, user) => {
      seen.push(`out:${(user as unknown as User).name}`);
    });
    try {
      const client = app.testClient();
      await client.post('/do-login/1');
      await client.post('/logout');
    } finally {
      offIn();
      offOut();
    }
    assert.deepEqual(seen, ['in:ada', 'out:ada']);
  });

  it('sends signals with the app itself as sender, so receivers can filter by app', async () => {
    const { app } = makeLoginApp();
    const other = makeLoginApp().app;
    let count = 0;
    const off = userLoggedIn.connect(
      () => {
        count++;
      },
      { sender: app },
    );
    try {
      await app.testClient().post('/do-login/1');
      await other.testClient().post('/do-login/1');
    } finally {
      off();
    }
    assert.equal(count, 1);
  });

  it('sends userUnauthorized when a guard refuses', async () => {
    const { app } = makeLoginApp();
    let count = 0;
    const off = userUnauthorized.connect(() => {
      count++;
    });
    try {
      await app.testClient().get('/private');
    } finally {
      off();
    }
    assert.equal(count, 1);
  });

  it('loads the user with the request loader when the session has none', async () => {
    const { app, login } = makeLoginApp();
    login.requestLoader((request) =>
      request.headers.get('X-Api-Key') === 'k1' ? (USERS.get(1) ?? null) : null,
    );
    const client = app.testClient();
    assert.equal((await client.get('/private', { headers: { 'X-Api-Key': 'k1' } })).text, 'hello ada');
    assert.equal((await client.get('/private', { headers: { 'X-Api-Key': 'bad' } })).status, 302);
  });

  it('treats a tampered session cookie as no session', async () => {
    const { app } = makeLoginApp();
    const client = app.testClient();
    await client.post('/do-login/1');
    const cookie = client.cookies.get('session') ?? '';
    client.cookies.set('session', `${cookie.slice(0, -2)}xx`);
    assert.equal((await client.get('/private')).status, 302);
  });

  it('puts currentUser in the template context', async () => {
    const { app } = makeLoginApp();
    app.get('/tpl', async () => {
      const { renderTemplateString } = await import('flagon');
      return renderTemplateString('{{ currentUser.name if currentUser.isAuthenticated else "anon" }}');
    });
    const client = app.testClient();
    assert.equal((await client.get('/tpl')).text, 'anon');
    await client.post('/do-login/1');
    assert.equal((await client.get('/tpl')).text, 'ada');
  });
});

describe('remember cookie', () => {
  it("sets Flask-Login's remember_token: id|hex HMAC-SHA512, HttpOnly, about 365 days", async () => {
    const { app } = makeLoginApp();
    const res = await app.testClient().post('/do-login/1?remember=1');
    const cookie = rememberCookieOf(res.headers.getAll('Set-Cookie')) ?? '';
    const digest = createHmac('sha512', 'test key').update('1').digest('hex');
    assert.ok(cookie.startsWith(`remember_token=1|${digest};`), cookie);
    assert.match(cookie, /HttpOnly/);
    const expires = Date.parse(/Expires=([^;]+)/.exec(cookie)?.[1] ?? '');
    const days = (expires - Date.now()) / 86_400_000;
    assert.ok(days > 364 && days <= 365, String(days));
  });

  it('honours the duration given to loginUser', async () => {
    const { app } = makeLoginApp();
    const res = await app.testClient().post('/do-login/1?remember=1&duration=3600');
    const cookie = rememberCookieOf(res.headers.getAll('Set-Cookie')) ?? '';
    const expires = Date.parse(/Expires=([^;]+)/.exec(cookie)?.[1] ?? '');
    assert.ok(expires - Date.now() <= 3_600_000 && expires - Date.now() > 3_500_000);
  });

  it('restores the login from the cookie alone, as not fresh, and sends userLoadedFromCookie', async () => {
    const { app } = makeLoginApp();
    const digest = createHmac('sha512', 'test key').update('1').digest('hex');
    const client = app.testClient();
    client.cookies.set('remember_token', `1|${digest}`);
    let loaded = 0;
    const off = userLoadedFromCookie.connect(() => {
      loaded++;
    });
    try {
      assert.equal((await client.get('/private')).text, 'hello ada');
    } finally {
      off();
    }
    assert.equal(loaded, 1);
    const data = (await client.get('/session')).json as Record<string, unknown>;
    assert.equal(data._fresh, false);
  });

  it('ignores a forged or malformed remember cookie', async () => {
    const { app } = makeLoginApp();
    for (const value of [
      '1|deadbeef',
      '1',
      '|',
      `2|${createHmac('sha512', 'test key').update('1').digest('hex')}`,
    ]) {
      const client = app.testClient();
      client.cookies.set('remember_token', value);
      assert.equal((await client.get('/private')).status, 302, value);
    }
  });

  it('accepts a cookie signed with a key in SECRET_KEY_FALLBACKS', async () => {
    const { app } = makeLoginApp(
      { loginView: 'login' },
      { SECRET_KEY: 'new key', SECRET_KEY_FALLBACKS: ['old key'] },
    );
    const client = app.testClient();
    client.cookies.set('remember_token', `1|${createHmac('sha512', 'old key').update('1').digest('hex')}`);
    assert.equal((await client.get('/private')).text, 'hello ada');
  });

  it('is cleared on logout', async () => {
    const { app } = makeLoginApp();
    const client = app.testClient();
    await client.post('/do-login/1?remember=1');
    const res = await client.post('/logout');
    const cookie = rememberCookieOf(res.headers.getAll('Set-Cookie')) ?? '';
    assert.match(cookie, /^remember_token=;/);
    assert.equal(client.cookies.get('remember_token'), undefined);
  });
});

describe('session protection', () => {
  it("'basic' marks a session used from another browser not fresh but keeps the login", async () => {
    const { app } = makeLoginApp();
    const client = app.testClient();
    await client.post('/do-login/1', { headers: { 'User-Agent': 'one' } });
    assert.equal((await client.get('/private', { headers: { 'User-Agent': 'two' } })).status, 200);
    const data = (await client.get('/session', { headers: { 'User-Agent': 'two' } })).json as Record<
      string,
      unknown
    >;
    assert.equal(data._fresh, false);
  });

  it("'strong' logs out a session used from another browser", async () => {
    const { app } = makeLoginApp({ loginView: 'login', sessionProtection: 'strong' });
    const client = app.testClient();
    await client.post('/do-login/1', { headers: { 'User-Agent': 'one' } });
    assert.equal((await client.get('/private', { headers: { 'User-Agent': 'one' } })).status, 200);
    assert.equal((await client.get('/private', { headers: { 'User-Agent': 'two' } })).status, 302);
  });

  it('is off with null', async () => {
    const { app } = makeLoginApp({ loginView: 'login', sessionProtection: null });
    const client = app.testClient();
    await client.post('/do-login/1', { headers: { 'User-Agent': 'one' } });
    await client.get('/private', { headers: { 'User-Agent': 'two' } });
    const data = (await client.get('/session')).json as Record<string, unknown>;
    assert.equal(data._fresh, true);
  });
});

describe('revocable remember tokens', () => {
  function storeApp() {
    const store = new MemoryRememberTokenStore();
    const { app } = makeLoginApp({ loginView: 'login', rememberStore: store });
    return { app, store };
  }

  it('sets a selector.validator cookie and stores only a hash of the validator', async () => {
    const { app, store } = storeApp();
    const res = await app.testClient().post('/do-login/1?remember=1');
    const value =
      /^remember_token=([^;]+)/.exec(rememberCookieOf(res.headers.getAll('Set-Cookie')) ?? '')?.[1] ?? '';
    const [selector, validator] = value.split('.');
    const token = store.find(selector ?? '');
    assert.equal(token?.userId, '1');
    assert.notEqual(token?.validatorHash, validator);
    assert.equal(
      token?.validatorHash,
      createHash('sha256')
        .update(validator ?? '')
        .digest('hex'),
    );
  });

  it('restores the login and rotates the token on use', async () => {
    const { app, store } = storeApp();
    const first = app.testClient();
    await first.post('/do-login/1?remember=1');
    const cookie = first.cookies.get('remember_token') ?? '';
    const other = app.testClient();
    other.cookies.set('remember_token', cookie);
    assert.equal((await other.get('/private')).text, 'hello ada');
    const rotated = other.cookies.get('remember_token');
    assert.ok(rotated && rotated !== cookie);
    assert.equal(store.size, 1);
  });

  it('revokes all tokens of the user when a rotated-out token comes back', async () => {
    const { app, store } = storeApp();
    const victim = app.testClient();
    await victim.post('/do-login/1?remember=1');
    const stolen = victim.cookies.get('remember_token') ?? '';
    const fresh = app.testClient();
    fresh.cookies.set('remember_token', stolen);
    await fresh.get('/private');
    const thief = app.testClient();
    thief.cookies.set('remember_token', stolen);
    assert.equal((await thief.get('/private')).status, 302);
    assert.equal(store.size, 0);
  });

  it("refuses Flask-Login's signed cookie when a store is configured", async () => {
    const { app } = storeApp();
    const client = app.testClient();
    client.cookies.set('remember_token', `1|${createHmac('sha512', 'test key').update('1').digest('hex')}`);
    assert.equal((await client.get('/private')).status, 302);
  });

  it('deletes the token and clears the cookie when its user no longer exists', async () => {
    const store = new MemoryRememberTokenStore();
    const { app, login } = makeLoginApp({ loginView: 'login', rememberStore: store });
    const first = app.testClient();
    await first.post('/do-login/1?remember=1');
    login.userLoader(() => null);
    const other = app.testClient();
    other.cookies.set('remember_token', first.cookies.get('remember_token') ?? '');
    assert.equal((await other.get('/private')).status, 302);
    assert.equal(store.size, 0);
    assert.equal(other.cookies.get('remember_token'), undefined);
  });

  it('deletes the token on logout', async () => {
    const { app, store } = storeApp();
    const client = app.testClient();
    await client.post('/do-login/1?remember=1');
    assert.equal(store.size, 1);
    await client.post('/logout');
    assert.equal(store.size, 0);
  });
});

describe('currentUser', () => {
  it('throws a ContextError outside a request', () => {
    assert.throws(() => currentUser.isAuthenticated, { name: 'ContextError' });
  });
});
