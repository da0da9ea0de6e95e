// Flask's session_transaction() against a real Redis: the test client's sessionTransaction goes through the
// app's session interface, so a server-side session is set up and read like a cookie one.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { RedisSessionInterface } from '@flagon/redis';
import { Flagon, session } from 'flagon';
import { skipRedis, useRedis } from '../helpers/redis.ts';

const interfaces: RedisSessionInterface[] = [];
after(() => {
  for (const iface of interfaces) iface.close();
});

function makeApp(url: string): Flagon {
  const app = new Flagon('session-transaction', { staticFolder: null });
  app.config.SECRET_KEY = 'test secret';
  const iface = new RedisSessionInterface({ url });
  interfaces.push(iface);
  app.sessionInterface = iface;
  app.get('/whoami', () => String(session.get('user') ?? 'nobody'));
  app.post('/login/<name>', ({ name }) => {
    session.set('user', name);
    return 'ok';
  });
  return app;
}

describe('client.sessionTransaction with RedisSessionInterface', { skip: skipRedis }, () => {
  const redis = useRedis();

  it('stores what the test sets in Redis, and the next request sees it', async () => {
    const client = makeApp(redis.service.url).testClient();
    await client.sessionTransaction((s) => {
      s.set('user', 'ada');
    });
    const sid = client.cookies.get('session');
    assert.ok(sid, 'the session cookie holds the id');
    assert.equal(JSON.parse((await redis.raw.get(`session:${sid}`)) as string).user, 'ada');
    assert.equal((await client.get('/whoami')).text, 'ada');
  });

  it('reads the session a request stored in Redis', async () => {
    const client = makeApp(redis.service.url).testClient();
    await client.post('/login/grace');
    assert.equal(await client.sessionTransaction((s) => s.get('user')), 'grace');
  });
});
