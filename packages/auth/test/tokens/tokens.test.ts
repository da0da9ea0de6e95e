import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Flagon } from 'flagon';
import { generateToken, verifyToken } from '../../src/index.ts';
import { pythonMissing, runPython } from '../helpers/python.ts';

function app(config: Record<string, unknown> = { SECRET_KEY: 'token key' }) {
  return new Flagon('tokens', { config });
}

describe('generateToken and verifyToken', () => {
  it('round-trips a JSON payload with the app SECRET_KEY', () => {
    const a = app();
    const payload = a.appContext().run(() => verifyToken(generateToken({ user: 7, scope: ['read'] })));
    assert.deepEqual(payload, { user: 7, scope: ['read'] });
  });

  it('gives null for a token made with another salt', () => {
    const a = app();
    a.appContext().run(() => {
      const token = generateToken({ user: 7 }, { salt: 'password-reset' });
      assert.equal(verifyToken(token, { salt: 'api' }), null);
      assert.deepEqual(verifyToken(token, { salt: 'password-reset' }), { user: 7 });
    });
  });

  it('gives null for a tampered, truncated or non-text token', () => {
    const a = app();
    a.appContext().run(() => {
      const token = generateToken({ user: 7 });
      for (const bad of [
        `${token}x`,
        token.slice(0, -4),
        `x${token}`,
        '',
        '...',
        'a'.repeat(20_000),
        42,
        null,
      ]) {
        assert.equal(verifyToken(bad), null, String(bad).slice(0, 20));
      }
    });
  });

  it('gives null for a token older than maxAge', () => {
    const made = generateToken({ user: 7 }, { secretKey: 'k', now: () => Date.now() - 7_200_000 });
    assert.equal(verifyToken(made, { secretKey: 'k', maxAge: 3600 }), null);
    assert.deepEqual(verifyToken(made, { secretKey: 'k', maxAge: 10_800 }), { user: 7 });
  });

  it('accepts tokens signed with a key in SECRET_KEY_FALLBACKS', () => {
    const old = app({ SECRET_KEY: 'old key' })
      .appContext()
      .run(() => generateToken('hello'));
    const rotated = app({ SECRET_KEY: 'new key', SECRET_KEY_FALLBACKS: ['old key'] });
    assert.equal(
      rotated.appContext().run(() => verifyToken(old)),
      'hello',
    );
  });

  it('throws a TypeError without an app context or key', () => {
    assert.throws(() => generateToken('x'), TypeError);
    assert.throws(
      () =>
        app({})
          .appContext()
          .run(() => generateToken('x')),
      TypeError,
    );
  });
});

describe('tokens and itsdangerous', { skip: pythonMissing }, () => {
  it('itsdangerous reads a token made here, and the other way round', async () => {
    const token = generateToken({ reset: 42 }, { secretKey: 'shared', salt: 'password-reset' });
    const result = (await runPython(
      `
import json, sys
from itsdangerous import URLSafeTimedSerializer
data = json.load(sys.stdin)
s = URLSafeTimedSerializer("shared", salt="password-reset")
print(json.dumps([s.loads(data, max_age=60), s.dumps({"reset": 7})]))
`,
      token,
    )) as [unknown, string];
    assert.deepEqual(result[0], { reset: 42 });
    assert.deepEqual(verifyToken(result[1], { secretKey: 'shared', salt: 'password-reset', maxAge: 60 }), {
      reset: 7,
    });
  });
});
