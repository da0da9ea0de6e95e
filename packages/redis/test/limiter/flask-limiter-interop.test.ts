import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Limiter } from '@flagon/redis';
import { Flagon } from 'flagon';
import { skipRedis, useRedis } from '../helpers/redis.ts';

const PYTHON = '/usr/bin/python3';
const FLASK_APP = fileURLToPath(new URL('./fixtures/flask_limiter_app.py', import.meta.url));

function pythonReason(): string | false {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  try {
    execFileSync(PYTHON, ['-c', 'import flask_limiter, redis'], { stdio: 'ignore' });
    return false;
  } catch {
    return 'python3-flask-limiter or python3-redis is missing: run .ci/install-components';
  }
}

describe("Flask-Limiter's Redis counters", { skip: skipRedis || pythonReason() }, () => {
  const redis = useRedis();

  it('are shared with a Flask app for a fixed-window limit on the same endpoint', async () => {
    const app = new Flagon('interop');
    const limiter = new Limiter(app, { storage: redis.service.url, strategy: 'fixed-window' });
    app.get(
      '/limited',
      limiter.limit('4 per minute')(function limited() {
        return 'ok';
      }),
    );
    try {
      const flask = JSON.parse(
        execFileSync(PYTHON, [FLASK_APP, redis.service.url, '2'], { encoding: 'utf8' }),
      );
      const client = app.testClient();
      const flagon = [];
      for (let i = 0; i < 3; i++) flagon.push((await client.get('/limited')).status);
      const flaskAfter = JSON.parse(
        execFileSync(PYTHON, [FLASK_APP, redis.service.url, '1'], { encoding: 'utf8' }),
      );
      // Both count under LIMITER/127.0.0.1/limited/4/1/minute: 2 in Flask, 2 in Flagon, then both refuse.
      assert.deepEqual([...flask, ...flagon, ...flaskAfter], [200, 200, 200, 200, 429, 429]);
      assert.notEqual(await redis.raw.get('LIMITER/127.0.0.1/limited/4/1/minute'), null);
    } finally {
      limiter.close();
    }
  });
});
