// createApp() reads its configuration from the environment, as `npm start`, `flagon serve` and a deploy use it.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createApp } from '../src/app.ts';
import { BlogConfigError, configFromEnv, parseProxyFix } from '../src/config.ts';

describe('configuration from the environment', () => {
  it('refuses to start in production without SECRET_KEY, and says how to set one', () => {
    assert.throws(
      () => createApp(undefined, { NODE_ENV: 'production', DATABASE_URL: 'sqlite://:memory:' }),
      (error: unknown) =>
        error instanceof BlogConfigError &&
        /SECRET_KEY is not set, and the blog refuses to start in production/.test(error.message),
    );
  });

  it('takes SECRET_KEY, DATABASE_URL, REDIS_URL and PROXY_FIX from the environment', () => {
    const config = configFromEnv(
      {
        NODE_ENV: 'production',
        SECRET_KEY: 'from-env',
        DATABASE_URL: 'postgres://u:p@db.example:5432/blog',
        REDIS_URL: 'redis://cache.example:6379',
        PROXY_FIX: '1',
      },
      '/nonexistent',
    );
    assert.equal(config.SECRET_KEY, 'from-env');
    assert.equal(config.DATABASE_URL, 'postgres://u:p@db.example:5432/blog');
    assert.equal(config.REDIS_URL, 'redis://cache.example:6379');
    assert.deepEqual(config.PROXY_FIX, { xFor: 1, xProto: 1, xHost: 1 });
  });

  it('sends cookies over HTTPS only in production', () => {
    const production = configFromEnv({ NODE_ENV: 'production', SECRET_KEY: 'k' }, '/nonexistent');
    assert.equal(production.SESSION_COOKIE_SECURE, true);
    assert.equal(production.REMEMBER_COOKIE_SECURE, true);
    const dev = configFromEnv({ SECRET_KEY: 'k' }, '/nonexistent');
    assert.equal(dev.SESSION_COOKIE_SECURE, undefined);
  });

  it('makes a secret key once in the instance folder outside production, and keeps it', () => {
    const instance = mkdtempSync(join(tmpdir(), 'flagon-blog-instance-'));
    try {
      const first = configFromEnv({}, instance);
      const second = configFromEnv({}, instance);
      assert.match(String(first.SECRET_KEY), /^[0-9a-f]{64}$/);
      assert.equal(second.SECRET_KEY, first.SECRET_KEY);
      assert.equal(
        JSON.parse(readFileSync(join(instance, 'config.json'), 'utf8')).SECRET_KEY,
        first.SECRET_KEY,
      );
      assert.equal(first.DATABASE_URL, 'sqlite:///flaskr.sqlite');
    } finally {
      rmSync(instance, { recursive: true, force: true });
    }
  });

  it('reads PROXY_FIX as a number of proxies or as JSON counts, and refuses anything else', () => {
    assert.equal(parseProxyFix(undefined), null);
    assert.equal(parseProxyFix('0'), null);
    assert.deepEqual(parseProxyFix('2'), { xFor: 2, xProto: 2, xHost: 2 });
    assert.deepEqual(parseProxyFix('{"xFor": 1, "xProto": 1}'), { xFor: 1, xProto: 1 });
    assert.throws(() => parseProxyFix('yes'), BlogConfigError);
    assert.throws(() => parseProxyFix('{"xFour": 1}'), BlogConfigError);
    assert.throws(() => parseProxyFix('{"xFor": -1}'), BlogConfigError);
  });

  it('trusts X-Forwarded-For and -Proto from one proxy with PROXY_FIX=1, over real HTTP', async () => {
    const app = createApp(undefined, { SECRET_KEY: 'k', DATABASE_URL: 'sqlite://:memory:', PROXY_FIX: '1' });
    app.get('/whoami', (_params, request) => `${request.remoteAddr} ${request.scheme}`);
    const running = await app.listen({ port: 0 });
    try {
      const res = await fetch(`${running.url}/whoami`, {
        headers: { 'X-Forwarded-For': '203.0.113.7', 'X-Forwarded-Proto': 'https' },
      });
      assert.equal(await res.text(), '203.0.113.7 https');
    } finally {
      await running.close();
    }
  });
});
