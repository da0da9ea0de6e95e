// With REDIS_URL, sessions live in Redis and failed log-ins are counted there, shared by every process.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { createClient } from 'redis';
import { type RedisService, redisUnavailableReason, startRedis } from '../../../tools/services/redis.ts';
import { type BlogFixture, makeBlog, sqliteBackend } from './fixtures.ts';

describe('the blog with REDIS_URL', { skip: redisUnavailableReason() ?? false }, () => {
  const backend = sqliteBackend();
  let redis: RedisService;
  let client: ReturnType<typeof createClient>;
  let blog: BlogFixture;

  before(async () => {
    redis = await startRedis();
    client = createClient({ url: redis.url });
    await client.connect();
  });
  after(async () => {
    client.destroy();
    await redis.stop();
  });
  beforeEach(async () => {
    await client.flushAll();
    blog = await makeBlog(backend, { REDIS_URL: redis.url });
  });
  afterEach(async () => {
    await blog.cleanup();
  });

  it('keeps the session in Redis, and only its id in the cookie', async () => {
    await blog.login('test');
    const id = blog.client.cookies.get('session');
    assert.match(id ?? '', /^[\w-]{43}$/);
    const stored = JSON.parse((await client.get(`session:${id}`)) ?? 'null') as Record<string, unknown>;
    assert.equal(stored._user_id, '1');
    assert.match((await blog.client.get('/create')).text, /<h1>New post<\/h1>/);
  });

  it('drops the session from Redis on logout', async () => {
    await blog.login('test');
    const id = blog.client.cookies.get('session');
    await blog.submit('/auth/logout');
    const stored = JSON.parse((await client.get(`session:${id}`)) ?? '{}') as Record<string, unknown>;
    assert.equal(stored._user_id, undefined);
    assert.equal((await blog.client.get('/create')).status, 302);
  });

  it('logs a remembered user back in when the Redis session cookie is gone', async () => {
    await blog.login('test', { remember: true });
    blog.client.cookies.delete('session');
    assert.equal((await blog.client.get('/create')).status, 200);
  });

  it('counts failed log-ins in Redis, so a second process refuses the address too', async () => {
    await blog.cleanup();
    blog = await makeBlog(backend, { REDIS_URL: redis.url, LOGIN_RATE_LIMIT: '2 per minute' });
    const other = await makeBlog(backend, { REDIS_URL: redis.url, LOGIN_RATE_LIMIT: '2 per minute' });
    try {
      await blog.submit('/auth/login', { username: 'test', password: 'wrong' });
      await other.submit('/auth/login', { username: 'test', password: 'wrong' });
      assert.ok((await client.keys('LIMITER/*')).length > 0, 'no limiter key in Redis');
      const refused = await blog.submit('/auth/login', { username: 'test', password: 'test-password' });
      assert.equal(refused.status, 429);
    } finally {
      await other.cleanup();
    }
  });
});
