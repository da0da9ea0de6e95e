import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Config, Flagon } from 'flagon';

const dir = mkdtempSync(join(tmpdir(), 'flagon-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('config', () => {
  it("starts with Flask's defaults and Lax session cookies", () => {
    const app = new Flagon('test');
    assert.equal(app.config.DEBUG, false);
    assert.equal(app.config.SESSION_COOKIE_NAME, 'session');
    assert.equal(app.config.SESSION_COOKIE_HTTPONLY, true);
    assert.equal(app.config.SESSION_COOKIE_SAMESITE, 'Lax');
    assert.equal(app.config.PERMANENT_SESSION_LIFETIME, 31 * 24 * 3600);
    assert.equal(app.config.PREFERRED_URL_SCHEME, 'http');
  });

  it('takes initial keys from the constructor options', () => {
    const app = new Flagon('test', { config: { SECRET_KEY: 'k', CUSTOM: 1 } });
    assert.equal(app.config.SECRET_KEY, 'k');
    assert.equal(app.config.CUSTOM, 1);
  });

  it('copies only upper-case keys from an object', () => {
    const config = new Config(dir);
    config.fromObject({ DATABASE: 'db.sqlite', helper: 'ignored' });
    assert.equal(config.get('DATABASE'), 'db.sqlite');
    assert.equal(config.get('helper'), undefined);
  });

  it('loads a JSON file relative to the root path', () => {
    writeFileSync(join(dir, 'settings.json'), '{"SECRET_KEY": "from-file", "lower": 1}');
    const config = new Config(dir);
    assert.equal(config.fromFile('settings.json'), true);
    assert.equal(config.get('SECRET_KEY'), 'from-file');
    assert.equal(config.get('lower'), undefined);
  });

  it('loads other formats through a loader function', () => {
    writeFileSync(join(dir, 'settings.ini'), 'NAME=flagon\nPORT=8000');
    const config = new Config(dir);
    config.fromFile('settings.ini', (text) => Object.fromEntries(text.split('\n').map((l) => l.split('='))));
    assert.equal(config.get('NAME'), 'flagon');
  });

  it('ignores a missing file when silent, and explains otherwise', () => {
    const config = new Config(dir);
    assert.equal(config.fromFile('nope.json', JSON.parse, { silent: true }), false);
    assert.throws(() => config.fromFile('nope.json'), {
      name: 'ConfigError',
      message: /Unable to load configuration file/,
    });
  });

  it('names the file when it does not parse', () => {
    writeFileSync(join(dir, 'broken.json'), '{oops');
    assert.throws(() => new Config(dir).fromFile('broken.json'), {
      name: 'ConfigError',
      message: /broken\.json could not be parsed/,
    });
  });

  it('reads prefixed environment variables, parsing JSON values and nesting on __', () => {
    const config = new Config(dir);
    config.fromEnv('FLAGON_', {
      FLAGON_DEBUG: 'true',
      FLAGON_PORT: '8080',
      FLAGON_NAME: 'plain text',
      FLAGON_DB__HOST: 'localhost',
      FLAGON___proto__: '{"polluted": true}',
      OTHER: 'x',
    });
    assert.equal(config.get('DEBUG'), true);
    assert.equal(config.get('PORT'), 8080);
    assert.equal(config.get('NAME'), 'plain text');
    assert.deepEqual({ ...(config.get('DB') as object) }, { HOST: 'localhost' });
    assert.equal(config.get('OTHER'), undefined);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('gathers a namespace of keys', () => {
    const config = new Config(dir);
    config.fromMapping({ IMAGE_STORE_TYPE: 'fs', IMAGE_STORE_PATH: '/img', OTHER: 1 });
    assert.deepEqual({ ...config.getNamespace('IMAGE_STORE_') }, { path: '/img', type: 'fs' });
  });

  it('resolves config files against the instance folder when asked', () => {
    const instance = join(dir, 'instance');
    const app = new Flagon('test', { rootPath: dir, instancePath: instance, instanceRelativeConfig: true });
    assert.equal(app.instancePath, instance);
    assert.equal(app.config.fromFile('missing.json', JSON.parse, { silent: true }), false);
  });
});

describe('TRUSTED_HOSTS', () => {
  it('answers 400 to a Host header that is not trusted', async () => {
    const app = new Flagon('test');
    app.config.TRUSTED_HOSTS = ['example.com', '.example.org'];
    app.get('/', () => 'ok');
    const client = app.testClient();
    assert.equal((await client.get('/', { headers: { Host: 'evil.test' } })).status, 400);
    assert.equal((await client.get('/', { headers: { Host: 'example.com:8080' } })).status, 200);
    assert.equal((await client.get('/', { headers: { Host: 'api.example.org' } })).status, 200);
  });
});

describe('app.logger', () => {
  it('names the request method and path in lines logged during a request', async () => {
    const app = new Flagon('blog');
    const lines: string[] = [];
    app.logger.sink = (_level, line) => lines.push(line);
    app.get('/posts', () => {
      app.logger.warning('slow query');
      return 'ok';
    });
    await app.testClient().get('/posts');
    assert.match(lines[0] ?? '', /WARNING in blog \[GET \/posts\]: slow query/);
  });

  it('logs debug lines only in debug mode', () => {
    const app = new Flagon('test');
    const lines: string[] = [];
    app.logger.sink = (_level, line) => lines.push(line);
    app.logger.debug('hidden');
    app.config.DEBUG = true;
    app.logger.debug('shown');
    assert.deepEqual(lines.length, 1);
    assert.match(lines[0] ?? '', /shown/);
  });
});
