import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  destroySession,
  type RedisSession,
  RedisSessionInterface,
  regenerateSession,
  SessionTooLargeError,
} from '@flagon/redis';
import { Flagon, flash, getFlashedMessages, Signer, session } from 'flagon';
import { captureLog, deadRedisUrl, skipRedis, useRedis } from '../helpers/redis.ts';

const interfaces: RedisSessionInterface[] = [];
after(() => {
  for (const iface of interfaces) iface.close();
});

function makeApp(url: string, options: ConstructorParameters<typeof RedisSessionInterface>[0] = {}): Flagon {
  const app = new Flagon('sessions', { staticFolder: null });
  app.config.SECRET_KEY = 'test secret';
  const iface = new RedisSessionInterface({ url, ...options });
  interfaces.push(iface);
  app.sessionInterface = iface;
  app.get('/set/<key>/<value>', ({ key, value }) => {
    session.set(key, value);
    return 'ok';
  });
  app.get('/get/<key>', ({ key }) => ({ value: session.get(key) ?? null }));
  app.get('/all', () => session.toJSON());
  app.get('/plain', () => 'no session here');
  app.get('/regenerate', () => {
    regenerateSession();
    return 'ok';
  });
  app.get('/destroy', () => {
    (session as RedisSession).destroy();
    return 'ok';
  });
  app.get('/sid', () => ({ sid: (session as RedisSession).sid }));
  app.get('/clear', () => {
    session.clear();
    return 'ok';
  });
  return app;
}

function sidOf(cookie: string | undefined): string {
  assert.ok(cookie, 'a session cookie was set');
  return cookie;
}

describe('RedisSessionInterface', { skip: skipRedis }, () => {
  const redis = useRedis();

  it('keeps the data in Redis under session:<id> and only a 256-bit id in the cookie', async () => {
    const client = makeApp(redis.service.url).testClient();
    await client.get('/set/user/ada');
    const sid = sidOf(client.cookies.get('session'));
    assert.match(sid, /^[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(JSON.parse((await redis.raw.get(`session:${sid}`)) as string), {
      _permanent: true,
      user: 'ada',
    });
    assert.deepEqual((await client.get('/get/user')).json, { value: 'ada' });
  });

  it('gives the key a TTL of PERMANENT_SESSION_LIFETIME', async () => {
    const app = makeApp(redis.service.url);
    app.config.PERMANENT_SESSION_LIFETIME = 600;
    const client = app.testClient();
    await client.get('/set/a/1');
    const ttl = await redis.raw.pTTL(`session:${sidOf(client.cookies.get('session'))}`);
    assert.ok(ttl > 0 && ttl <= 600_000, `TTL ${ttl} ms`);
  });

  it('pushes the TTL forward on a request that only reads, with SESSION_REFRESH_EACH_REQUEST', async () => {
    const app = makeApp(redis.service.url);
    app.config.PERMANENT_SESSION_LIFETIME = 600;
    const client = app.testClient();
    await client.get('/set/a/1');
    const key = `session:${sidOf(client.cookies.get('session'))}`;
    await redis.raw.pExpire(key, 5_000);
    await client.get('/get/a');
    assert.ok((await redis.raw.pTTL(key)) > 5_000);
  });

  it('leaves the TTL alone on reads when SESSION_REFRESH_EACH_REQUEST is off', async () => {
    const app = makeApp(redis.service.url);
    app.config.PERMANENT_SESSION_LIFETIME = 600;
    app.config.SESSION_REFRESH_EACH_REQUEST = false;
    const client = app.testClient();
    await client.get('/set/a/1');
    const key = `session:${sidOf(client.cookies.get('session'))}`;
    await redis.raw.pExpire(key, 50_000);
    await client.get('/get/a');
    assert.ok((await redis.raw.pTTL(key)) <= 50_000);
  });

  it('stores nothing and sets no cookie for a visitor who only reads the session', async () => {
    const client = makeApp(redis.service.url).testClient();
    const before = await redis.raw.dbSize();
    const res = await client.get('/get/user');
    assert.deepEqual(res.json, { value: null });
    assert.equal(res.headers.get('set-cookie'), null);
    assert.equal(await redis.raw.dbSize(), before);
  });

  it('carries flashed messages and the permanent flag like cookie sessions', async () => {
    const app = makeApp(redis.service.url, { permanent: false });
    app.get('/flash', () => {
      flash('Saved.', 'success');
      session.permanent = true;
      return 'ok';
    });
    app.get('/messages', () => ({
      messages: getFlashedMessages({ withCategories: true }),
      permanent: session.permanent,
    }));
    const client = app.testClient();
    const first = await client.get('/flash');
    assert.match(first.headers.get('set-cookie') ?? '', /Expires=/);
    assert.deepEqual((await client.get('/messages')).json, {
      messages: [['success', 'Saved.']],
      permanent: true,
    });
    assert.deepEqual((await client.get('/messages')).json, { messages: [], permanent: true });
  });

  it('gives a new session under a new id for an id Redis does not know', async () => {
    const client = makeApp(redis.service.url).testClient();
    client.cookies.set('session', 'x'.repeat(43));
    await client.get('/set/user/ada');
    const sid = sidOf(client.cookies.get('session'));
    assert.notEqual(sid, 'x'.repeat(43));
    assert.equal(await redis.raw.exists(`session:${'x'.repeat(43)}`), 0);
  });

  it('gives a fresh session for a malformed or oversized cookie', async () => {
    const client = makeApp(redis.service.url).testClient();
    for (const bad of [
      'short',
      'has space in it but long enough',
      'a'.repeat(600),
      '../../etc/passwd12345678',
    ]) {
      client.cookies.set('session', bad);
      assert.deepEqual((await client.get('/all')).json, { _permanent: true });
    }
  });

  it('signs the id with SECRET_KEY as Flask-Session does when SESSION_USE_SIGNER is on', async () => {
    const app = makeApp(redis.service.url);
    app.config.SESSION_USE_SIGNER = true;
    const client = app.testClient();
    await client.get('/set/user/ada');
    const cookie = sidOf(client.cookies.get('session'));
    const sid = new Signer('test secret', { salt: 'flask-session', keyDerivation: 'hmac' }).unsign(cookie);
    assert.match(sid, /^[A-Za-z0-9_-]{43}$/);
    assert.ok(await redis.raw.exists(`session:${sid}`));
    assert.deepEqual((await client.get('/get/user')).json, { value: 'ada' });
  });

  it('ignores an unsigned or forged id when SESSION_USE_SIGNER is on', async () => {
    const app = makeApp(redis.service.url);
    const plain = app.testClient();
    await plain.get('/set/user/ada');
    const sid = sidOf(plain.cookies.get('session'));
    app.config.SESSION_USE_SIGNER = true;
    const forger = app.testClient();
    forger.cookies.set('session', sid);
    assert.deepEqual((await forger.get('/get/user')).json, { value: null });
    forger.cookies.set('session', `${sid}.forgedsignature`);
    assert.deepEqual((await forger.get('/get/user')).json, { value: null });
  });

  it('moves the data to a new id and deletes the old key on regenerate()', async () => {
    const client = makeApp(redis.service.url).testClient();
    await client.get('/set/user/ada');
    const before = sidOf(client.cookies.get('session'));
    await client.get('/regenerate');
    const after = sidOf(client.cookies.get('session'));
    assert.notEqual(after, before);
    assert.equal(await redis.raw.exists(`session:${before}`), 0);
    assert.deepEqual((await client.get('/get/user')).json, { value: 'ada' });
  });

  it("works with the test client's sessionTransaction", async () => {
    const client = makeApp(redis.service.url).testClient();
    await client.sessionTransaction((s) => {
      s.set('user', 'set up by the test');
    });
    assert.deepEqual((await client.get('/get/user')).json, { value: 'set up by the test' });
  });

  it('exposes the id as session.sid', async () => {
    const client = makeApp(redis.service.url).testClient();
    await client.get('/set/user/ada');
    assert.deepEqual((await client.get('/sid')).json, { sid: client.cookies.get('session') });
  });

  it('deletes the key and the cookie on destroy()', async () => {
    const client = makeApp(redis.service.url).testClient();
    await client.get('/set/user/ada');
    const sid = sidOf(client.cookies.get('session'));
    const res = await client.get('/destroy');
    assert.match(res.headers.get('set-cookie') ?? '', /^session=;/);
    assert.equal(await redis.raw.exists(`session:${sid}`), 0);
  });

  it('deletes the key when the session is cleared', async () => {
    const client = makeApp(redis.service.url).testClient();
    await client.get('/set/user/ada');
    const sid = sidOf(client.cookies.get('session'));
    await client.get('/clear');
    assert.equal(await redis.raw.exists(`session:${sid}`), 0);
  });

  it('keeps both writes when two concurrent requests of one session change different keys', async () => {
    const app = makeApp(redis.service.url);
    let arrived = 0;
    let release: () => void = () => {};
    const bothIn = new Promise<void>((resolve) => {
      release = resolve;
    });
    app.get('/slow/<key>', async ({ key }) => {
      session.set(key, 'written');
      if (++arrived === 2) release();
      await bothIn; // both requests have opened the session before either saves
      return 'ok';
    });
    const client = app.testClient();
    await client.get('/set/start/1');
    const sid = sidOf(client.cookies.get('session'));
    await Promise.all([client.get('/slow/a'), client.get('/slow/b')]);
    assert.deepEqual(JSON.parse((await redis.raw.get(`session:${sid}`)) as string), {
      _permanent: true,
      start: '1',
      a: 'written',
      b: 'written',
    });
  });

  it('refuses oversized session data when saving, leaving the stored session as it was', async () => {
    const app = makeApp(redis.service.url, { maxSize: 1024 });
    app.config.TESTING = true;
    app.get('/big', () => {
      session.set('blob', 'x'.repeat(2000));
      return 'ok';
    });
    const client = app.testClient();
    await client.get('/set/user/ada');
    const sid = sidOf(client.cookies.get('session'));
    await assert.rejects(client.get('/big'), (error: unknown) => {
      assert.ok(error instanceof SessionTooLargeError);
      assert.match(error.message, /more than the 1024 bytes/);
      return true;
    });
    assert.deepEqual(JSON.parse((await redis.raw.get(`session:${sid}`)) as string), {
      _permanent: true,
      user: 'ada',
    });
  });

  it('answers 503 with a log line when Redis cannot be reached, and serves routes that skip the session', async () => {
    const app = makeApp(await deadRedisUrl());
    const log = captureLog(app);
    const client = app.testClient();
    client.cookies.set('session', 'y'.repeat(43));
    const res = await client.get('/get/user');
    assert.equal(res.status, 503);
    assert.equal(res.headers.get('retry-after'), '1');
    assert.match(
      log.join('\n'),
      /Sessions are unavailable, requests that use them answer 503: Redis at redis:\/\/127\.0\.0\.1:\d+ is unavailable/,
    );
    assert.equal((await client.get('/plain')).status, 200);
  });

  it('answers 503 instead of waiting when Redis stops answering (command timeout)', async () => {
    const app = makeApp(redis.service.url, { commandTimeout: 200 });
    captureLog(app);
    const client = app.testClient();
    await client.get('/set/user/ada');
    const pid = redis.service.pid as number;
    process.kill(pid, 'SIGSTOP');
    try {
      assert.equal((await client.get('/get/user')).status, 503);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
  });

  it('turns the response into a 503 when the session cannot be saved', async () => {
    const app = makeApp(redis.service.url);
    const log = captureLog(app);
    app.get('/write-then-lose-redis', async () => {
      session.set('cart', ['book']);
      await redis.service.kill();
      return 'saved?';
    });
    const client = app.testClient();
    await client.get('/set/user/ada');
    try {
      const res = await client.get('/write-then-lose-redis');
      assert.equal(res.status, 503);
      assert.doesNotMatch(res.text, /saved\?/);
      assert.match(log.join('\n'), /Sessions are unavailable, requests that use them answer 503/);
    } finally {
      await redis.service.start();
    }
  });

  it('serves sessions again once Redis is back', async () => {
    const app = makeApp(redis.service.url);
    captureLog(app);
    const client = app.testClient();
    await client.get('/set/user/ada');
    await redis.service.kill();
    try {
      assert.equal((await client.get('/get/user')).status, 503);
    } finally {
      await redis.service.start();
    }
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i++) {
      status = (await client.get('/set/user/bob')).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(status, 200);
    assert.deepEqual((await client.get('/get/user')).json, { value: 'bob' });
  });
});

describe('regenerateSession and destroySession with cookie sessions', () => {
  it('leave a cookie session in place on regenerate and clear it on destroy', async () => {
    const app = new Flagon('cookies', { staticFolder: null });
    app.config.SECRET_KEY = 'test secret';
    app.get('/login', () => {
      session.set('user', 'ada');
      regenerateSession();
      return { user: session.get('user') ?? null };
    });
    app.get('/logout', () => {
      destroySession();
      return { size: session.size };
    });
    const client = app.testClient();
    assert.deepEqual((await client.get('/login')).json, { user: 'ada' });
    assert.deepEqual((await client.get('/logout')).json, { size: 0 });
  });
});
