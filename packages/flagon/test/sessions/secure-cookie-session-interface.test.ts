import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { SessionConfigError } from '../../src/sessions/errors.ts';
import { SecureCookieSessionInterface } from '../../src/sessions/secure-cookie-session-interface.ts';
import { NullSession, type Session } from '../../src/sessions/session.ts';
import type { SessionApp } from '../../src/sessions/session-interface.ts';
import { FakeResponse, fakeApp, fakeRequest } from './helpers/fakes.ts';

/** A session interface on a clock the test moves by hand. */
function clocked(start = Date.UTC(2024, 0, 1)) {
  const state = { time: start };
  const iface = new SecureCookieSessionInterface({ now: () => state.time });
  return { iface, advance: (seconds: number) => (state.time += seconds * 1000), now: () => state.time };
}

function open(iface: SecureCookieSessionInterface, app: SessionApp, cookie?: string): Session {
  const session = iface.openSession(app, fakeRequest(cookie === undefined ? {} : { session: cookie }));
  assert.ok(session !== null);
  return session;
}

function save(iface: SecureCookieSessionInterface, app: SessionApp, session: Session): FakeResponse {
  const response = new FakeResponse();
  iface.saveSession(app, session, response);
  return response;
}

/** A cookie holding `data`, made by the interface itself. */
function cookieFor(
  iface: SecureCookieSessionInterface,
  app: SessionApp,
  data: Record<string, unknown>,
): string {
  const session = open(iface, app);
  session.update(data);
  return save(iface, app, session).cookie;
}

describe('SecureCookieSessionInterface: opening', () => {
  it('returns null without a SECRET_KEY, and the null session it offers instead refuses writes', () => {
    const iface = new SecureCookieSessionInterface();
    for (const secret of [null, undefined, '', new Uint8Array(0)]) {
      assert.equal(iface.openSession(fakeApp({ SECRET_KEY: secret }), fakeRequest()), null);
    }
    const nullSession = iface.makeNullSession(fakeApp());
    assert.ok(nullSession instanceof NullSession);
    assert.equal(iface.isNullSession(nullSession), true);
    assert.throws(() => nullSession.set('a', 1), /SECRET_KEY/);
  });

  it('opens a new, empty session when there is no cookie', () => {
    const session = open(new SecureCookieSessionInterface(), fakeApp());
    assert.equal(session.isNew, true);
    assert.equal(session.size, 0);
  });

  it('reads back what it saved', () => {
    const iface = new SecureCookieSessionInterface();
    const app = fakeApp();
    const session = open(iface, app, cookieFor(iface, app, { userId: 7, cart: ['a'] }));
    assert.equal(session.isNew, false);
    assert.equal(session.get('userId'), 7);
    assert.deepEqual(session.get('cart'), ['a']);
    assert.equal(session.modified, false);
  });

  it('opens a fresh session, without throwing, for tampered, junk or oversized cookies', () => {
    const iface = new SecureCookieSessionInterface();
    const app = fakeApp();
    const good = cookieFor(iface, app, { admin: false });
    const [payload, time, signature] = good.split('.') as [string, string, string];
    const bad = [
      `${payload.replace(/^./, (c) => (c === 'e' ? 'f' : 'e'))}.${time}.${signature}`,
      'garbage',
      '...',
      '.!!!.x.y',
      `${good}x`.repeat(3000),
    ];
    for (const cookie of bad) {
      const session = open(iface, app, cookie);
      assert.equal(session.isNew, true, cookie.slice(0, 40));
      assert.equal(session.size, 0);
    }
  });

  it('rejects cookies signed with another key or for another cookie salt', () => {
    const iface = new SecureCookieSessionInterface();
    const cookie = cookieFor(iface, fakeApp({ SECRET_KEY: 'one' }), { a: 1 });
    assert.equal(open(iface, fakeApp({ SECRET_KEY: 'two' }), cookie).isNew, true);
    const salted = new SecureCookieSessionInterface();
    salted.salt = 'other-salt';
    assert.equal(open(salted, fakeApp({ SECRET_KEY: 'one' }), cookie).isNew, true);
  });

  it('opens a fresh session once the cookie is older than PERMANENT_SESSION_LIFETIME', () => {
    const { iface, advance } = clocked();
    const app = fakeApp({ PERMANENT_SESSION_LIFETIME: 3600 });
    const cookie = cookieFor(iface, app, { a: 1 });
    advance(3600);
    assert.equal(open(iface, app, cookie).get('a'), 1);
    advance(1);
    assert.equal(open(iface, app, cookie).isNew, true);
  });

  it('reads cookies signed with a SECRET_KEY_FALLBACKS key and signs new ones with SECRET_KEY', () => {
    const iface = new SecureCookieSessionInterface();
    const old = cookieFor(iface, fakeApp({ SECRET_KEY: 'old' }), { a: 1 });
    const rotated = fakeApp({ SECRET_KEY: 'new', SECRET_KEY_FALLBACKS: ['old'] });
    const session = open(iface, rotated, old);
    assert.equal(session.get('a'), 1);
    session.set('b', 2);
    const fresh = save(iface, rotated, session).cookie;
    assert.equal(open(iface, fakeApp({ SECRET_KEY: 'new' }), fresh).get('b'), 2);
    assert.equal(open(iface, fakeApp({ SECRET_KEY: 'old' }), fresh).isNew, true);
  });

  it('accepts a bytes SECRET_KEY', () => {
    const iface = new SecureCookieSessionInterface();
    const app = fakeApp({ SECRET_KEY: Buffer.from([1, 2, 3, 4]) });
    assert.equal(open(iface, app, cookieFor(iface, app, { a: 1 })).get('a'), 1);
  });

  it('ignores a validly signed payload that is not an object', () => {
    const iface = new SecureCookieSessionInterface();
    const app = fakeApp();
    const cookie = iface.getSigningSerializer(app)!.dumps([1, 2]);
    assert.equal(open(iface, app, cookie).isNew, true);
  });

  it('reports a SECRET_KEY of the wrong type clearly', () => {
    assert.throws(
      () => new SecureCookieSessionInterface().openSession(fakeApp({ SECRET_KEY: 42 }), fakeRequest()),
      (error: unknown) =>
        error instanceof SessionConfigError && /SECRET_KEY must be a string or bytes/.test(error.message),
    );
  });

  it('opens synchronously', () => {
    assert.equal(new SecureCookieSessionInterface().isAsync, false);
  });
});

describe('SecureCookieSessionInterface: saving', () => {
  it('sets the cookie with HttpOnly, SameSite=Lax and path / by default, and no expiry', () => {
    const iface = new SecureCookieSessionInterface();
    const app = fakeApp();
    const session = open(iface, app);
    session.set('a', 1);
    const response = save(iface, app, session);
    assert.equal(response.set.length, 1);
    const [{ name, value, options }] = response.set as [(typeof response.set)[0]];
    assert.equal(name, 'session');
    assert.match(value, /^[A-Za-z0-9_.-]+$/);
    assert.deepEqual(
      { ...options },
      {
        expires: null,
        httpOnly: true,
        domain: null,
        path: '/',
        secure: false,
        sameSite: 'Lax',
        partitioned: false,
      },
    );
    assert.equal(response.headers.get('Vary'), 'Cookie');
  });

  it('uses the SESSION_COOKIE_* settings', () => {
    const iface = new SecureCookieSessionInterface();
    const app = fakeApp({
      SESSION_COOKIE_NAME: 'sid',
      SESSION_COOKIE_DOMAIN: 'example.com',
      SESSION_COOKIE_PATH: '/app',
      SESSION_COOKIE_HTTPONLY: false,
      SESSION_COOKIE_SECURE: true,
      SESSION_COOKIE_SAMESITE: 'strict',
      SESSION_COOKIE_PARTITIONED: true,
    });
    const session = open(iface, app);
    session.set('a', 1);
    const response = save(iface, app, session);
    assert.equal(response.set[0]?.name, 'sid');
    assert.deepEqual(
      { ...response.set[0]?.options },
      {
        expires: null,
        httpOnly: false,
        domain: 'example.com',
        path: '/app',
        secure: true,
        sameSite: 'Strict',
        partitioned: true,
      },
    );
    assert.equal(open(iface, app, undefined).isNew, true);
    assert.equal(iface.openSession(app, fakeRequest({ sid: response.cookie }))?.get('a'), 1);
  });

  it('falls back to APPLICATION_ROOT for the path, and omits SameSite when it is null', () => {
    const iface = new SecureCookieSessionInterface();
    const app = fakeApp({ APPLICATION_ROOT: '/root', SESSION_COOKIE_SAMESITE: null });
    const session = open(iface, app);
    session.set('a', 1);
    const options = save(iface, app, session).set[0]?.options;
    assert.equal(options?.path, '/root');
    assert.equal(options?.sameSite, null);
  });

  it('rejects an unknown SameSite value', () => {
    const iface = new SecureCookieSessionInterface();
    const app = fakeApp({ SESSION_COOKIE_SAMESITE: 'sometimes' });
    const session = open(iface, app);
    session.set('a', 1);
    assert.throws(
      () => save(iface, app, session),
      /SESSION_COOKIE_SAMESITE must be 'Strict', 'Lax', 'None' or null/,
    );
  });

  it('sets no cookie and no Vary when the session was not used', () => {
    const iface = new SecureCookieSessionInterface();
    const app = fakeApp();
    const response = save(iface, app, open(iface, app, cookieFor(iface, app, { a: 1 })));
    assert.deepEqual(response.set, []);
    assert.equal(response.headers.get('Vary'), null);
  });

  it('adds Vary: Cookie but sets no cookie when the session was only read', () => {
    const iface = new SecureCookieSessionInterface();
    const app = fakeApp();
    const session = open(iface, app, cookieFor(iface, app, { a: 1 }));
    session.get('a');
    const response = save(iface, app, session);
    assert.deepEqual(response.set, []);
    assert.equal(response.headers.get('Vary'), 'Cookie');
  });

  it('does not repeat Cookie in an existing Vary header', () => {
    const iface = new SecureCookieSessionInterface();
    const app = fakeApp();
    const session = open(iface, app);
    session.set('a', 1);
    const response = new FakeResponse();
    response.headers.set('Vary', 'Accept-Encoding, cookie');
    iface.saveSession(app, session, response);
    assert.equal(response.headers.get('Vary'), 'Accept-Encoding, cookie');
  });

  it('deletes the cookie, with the same attributes, when the session is emptied', () => {
    const iface = new SecureCookieSessionInterface();
    const app = fakeApp({ SESSION_COOKIE_DOMAIN: 'example.com' });
    const session = open(iface, app, cookieFor(iface, app, { a: 1 }));
    session.clear();
    const response = save(iface, app, session);
    assert.deepEqual(response.set, []);
    assert.deepEqual(response.deleted, [
      {
        name: 'session',
        options: {
          path: '/',
          secure: false,
          httpOnly: true,
          partitioned: false,
          domain: 'example.com',
          sameSite: 'Lax',
        },
      },
    ]);
    assert.equal(response.headers.get('Vary'), 'Cookie');
  });

  it('does nothing for an empty session that was not modified', () => {
    const iface = new SecureCookieSessionInterface();
    const app = fakeApp();
    const session = open(iface, app);
    session.get('missing');
    const response = save(iface, app, session);
    assert.deepEqual([response.set, response.deleted], [[], []]);
  });

  it('gives permanent sessions an expiry of now plus PERMANENT_SESSION_LIFETIME', () => {
    const { iface, now } = clocked();
    const app = fakeApp({ PERMANENT_SESSION_LIFETIME: 600 });
    const session = open(iface, app);
    session.permanent = true;
    const expires = save(iface, app, session).set[0]?.options?.expires;
    assert.deepEqual(expires, new Date(now() + 600_000));
  });

  it('refreshes an unchanged permanent session every request unless SESSION_REFRESH_EACH_REQUEST is false', () => {
    const iface = new SecureCookieSessionInterface();
    const app = fakeApp();
    const cookie = cookieFor(iface, app, { _permanent: true, a: 1 });
    assert.equal(save(iface, app, open(iface, app, cookie)).set.length, 1);
    const noRefresh = fakeApp({ SESSION_REFRESH_EACH_REQUEST: false });
    assert.equal(save(iface, noRefresh, open(iface, noRefresh, cookie)).set.length, 0);
  });

  it('never saves a null session', () => {
    const iface = new SecureCookieSessionInterface();
    const response = save(iface, fakeApp(), new NullSession());
    assert.deepEqual([response.set, response.deleted, response.headers.get('Vary')], [[], [], null]);
  });

  it('warns through app.logger when the cookie is larger than browsers accept', () => {
    const iface = new SecureCookieSessionInterface();
    const app = fakeApp();
    const session = open(iface, app);
    // Random data does not compress, so the cookie stays large.
    session.set('blob', randomBytes(4000));
    save(iface, app, session);
    assert.equal(app.warnings.length, 1);
    assert.match(app.warnings[0]!, /"session" session cookie is \d+ bytes, more than the 4093/);
  });

  it('does not warn for a normal cookie, and uses logger.warn when there is no warning method', () => {
    const iface = new SecureCookieSessionInterface();
    const small = fakeApp();
    const session = open(iface, small);
    session.set('a', 1);
    save(iface, small, session);
    assert.deepEqual(small.warnings, []);

    const warned: string[] = [];
    const app = { config: { SECRET_KEY: 'k' }, logger: { warn: (m: string) => warned.push(m) } };
    const big = open(iface, app);
    big.set('blob', randomBytes(4000));
    save(iface, app, big);
    assert.equal(warned.length, 1);
  });
});
