import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { RedisSessionInterface } from '@flagon/redis';
import { Flagon, flash, session } from 'flagon';
import { skipRedis, useRedis } from '../helpers/redis.ts';

const PYTHON = '/usr/bin/python3';
const FLASK_APP = fileURLToPath(new URL('./fixtures/flask_session_app.py', import.meta.url));

function pythonReason(): string | false {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  try {
    execFileSync(PYTHON, ['-c', 'import flask, flask_session, redis'], { stdio: 'ignore' });
    return false;
  } catch {
    return 'python3-flask-session or python3-redis is missing: run .ci/install-components';
  }
}

const skip = skipRedis || pythonReason();

function flaskApp(url: string, action: 'write' | 'read', arg: string): string {
  return execFileSync(PYTHON, [FLASK_APP, url, action, arg], { encoding: 'utf8' }).trim();
}

describe("Flask-Session's JSON layout", { skip }, () => {
  const redis = useRedis();
  const interfaces: RedisSessionInterface[] = [];
  after(() => {
    for (const iface of interfaces) iface.close();
  });

  function flagonApp(): Flagon {
    const app = new Flagon('interop', { staticFolder: null });
    app.config.SECRET_KEY = 'shared secret';
    app.config.SESSION_USE_SIGNER = true;
    const iface = new RedisSessionInterface({ url: redis.service.url });
    interfaces.push(iface);
    app.sessionInterface = iface;
    app.get('/me', () => ({ user: session.get('user') ?? null, visits: session.get('visits') ?? null }));
    app.get('/write/<name>', ({ name }) => {
      session.set('user', name);
      flash('Welcome back.', 'info');
      return 'ok';
    });
    return app;
  }

  it('reads a session a Flask app wrote with Flask-Session 0.3.2 (signed UUID id, JSON data)', async () => {
    const cookie = flaskApp(redis.service.url, 'write', 'ada');
    const client = flagonApp().testClient();
    client.cookies.set('session', cookie);
    assert.deepEqual((await client.get('/me')).json, { user: 'ada', visits: 1 });
  });

  it('writes a session, flashes included, that the Flask app reads', async () => {
    const client = flagonApp().testClient();
    await client.get('/write/grace');
    const cookie = client.cookies.get('session') as string;
    assert.deepEqual(JSON.parse(flaskApp(redis.service.url, 'read', cookie)), {
      user: 'grace',
      flashes: [['info', 'Welcome back.']],
    });
  });
});
