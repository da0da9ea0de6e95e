import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Flagon } from 'flagon';
import { type DigestAlgorithm, HTTPDigestAuth, type HTTPDigestAuthOptions } from '../../src/index.ts';
import { pythonMissing, runPython } from '../helpers/python.ts';

const PASSWORDS: Record<string, string> = { ada: 'lovelace', jörg: 'pässwort' };

function digestApp(options: HTTPDigestAuthOptions = {}) {
  const app = new Flagon('digest', { config: { SECRET_KEY: 'digest key', TESTING: true } });
  const auth = new HTTPDigestAuth({ realm: 'admin', ...options });
  auth.getPassword((username) => PASSWORDS[username] ?? null);
  app.get(
    '/secret',
    auth.loginRequired(function secret() {
      return { user: auth.currentUser() };
    }),
  );
  return { app, auth };
}

function challengeParams(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of header.matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]+))/g)) out[m[1] ?? ''] = m[2] ?? m[3] ?? '';
  return out;
}

interface DigestInput {
  username: string;
  password: string;
  nonce: string;
  uri?: string;
  method?: string;
  algorithm?: DigestAlgorithm;
  nc?: string;
  cnonce?: string;
  realm?: string;
}

function digestHeader(input: DigestInput): string {
  const { username, password, nonce, uri = '/secret', method = 'GET', algorithm = 'SHA-256' } = input;
  const { nc = '00000001', cnonce = 'abcdef0123', realm = 'admin' } = input;
  const h = (s: string) =>
    createHash(algorithm === 'MD5' ? 'md5' : 'sha256')
      .update(s)
      .digest('hex');
  const response = h(
    `${h(`${username}:${realm}:${password}`)}:${nonce}:${nc}:${cnonce}:auth:${h(`${method}:${uri}`)}`,
  );
  return (
    `Digest username="${username}", realm="${realm}", nonce="${nonce}", uri="${uri}", algorithm=${algorithm}, ` +
    `qop=auth, nc=${nc}, cnonce="${cnonce}", response="${response}"`
  );
}

async function freshNonce(app: Flagon): Promise<string> {
  const res = await app.testClient().get('/secret');
  return challengeParams(res.headers.getAll('WWW-Authenticate')[0] ?? '').nonce ?? '';
}

describe('HTTPDigestAuth', () => {
  it('answers 401 with one challenge per algorithm, SHA-256 first', async () => {
    const { app } = digestApp();
    const res = await app.testClient().get('/secret');
    assert.equal(res.status, 401);
    const challenges = res.headers.getAll('WWW-Authenticate');
    assert.equal(challenges.length, 2);
    assert.match(
      challenges[0] ?? '',
      /^Digest realm="admin", qop="auth", algorithm=SHA-256, nonce="[^"]+", opaque="/,
    );
    assert.match(challenges[1] ?? '', /algorithm=MD5/);
  });

  it('accepts a correct SHA-256 response', async () => {
    const { app } = digestApp();
    const nonce = await freshNonce(app);
    const res = await app.testClient().get('/secret', {
      headers: { Authorization: digestHeader({ username: 'ada', password: 'lovelace', nonce }) },
    });
    assert.deepEqual(res.json, { user: 'ada' });
  });

  it('accepts a correct MD5 response and UTF-8 usernames', async () => {
    const { app } = digestApp();
    const nonce = await freshNonce(app);
    const header = digestHeader({ username: 'jörg', password: 'pässwort', nonce, algorithm: 'MD5' });
    const res = await app.testClient().get('/secret', { headers: { Authorization: header } });
    assert.deepEqual(res.json, { user: 'jörg' });
  });

  it('refuses a wrong password without stale', async () => {
    const { app } = digestApp();
    const nonce = await freshNonce(app);
    const res = await app.testClient().get('/secret', {
      headers: { Authorization: digestHeader({ username: 'ada', password: 'nope', nonce }) },
    });
    assert.equal(res.status, 401);
    assert.doesNotMatch(res.headers.get('WWW-Authenticate') ?? '', /stale/);
  });

  it('accepts growing nonce counts and answers a replayed count with stale=true', async () => {
    const { app } = digestApp();
    const client = app.testClient();
    const nonce = await freshNonce(app);
    const first = digestHeader({ username: 'ada', password: 'lovelace', nonce });
    assert.equal((await client.get('/secret', { headers: { Authorization: first } })).status, 200);
    const second = digestHeader({ username: 'ada', password: 'lovelace', nonce, nc: '00000002' });
    assert.equal((await client.get('/secret', { headers: { Authorization: second } })).status, 200);
    const replay = await client.get('/secret', { headers: { Authorization: first } });
    assert.equal(replay.status, 401);
    assert.match(replay.headers.get('WWW-Authenticate') ?? '', /stale=true/);
  });

  it('answers an expired nonce with stale=true', async () => {
    const { app, auth } = digestApp({ nonceMaxAge: 60 });
    const nonce = await app.appContext().run(() => auth.makeNonce(Date.now() - 120_000));
    const res = await app.testClient().get('/secret', {
      headers: { Authorization: digestHeader({ username: 'ada', password: 'lovelace', nonce }) },
    });
    assert.equal(res.status, 401);
    assert.match(res.headers.get('WWW-Authenticate') ?? '', /stale=true/);
  });

  it('answers stale, not a replay, for live nonces whose counts were forgotten to make room', async () => {
    const { app } = digestApp({ maxTrackedNonces: 2 });
    const client = app.testClient();
    const nonces = [await freshNonce(app), await freshNonce(app), await freshNonce(app)];
    for (const nonce of nonces) {
      const header = digestHeader({ username: 'ada', password: 'lovelace', nonce });
      assert.equal((await client.get('/secret', { headers: { Authorization: header } })).status, 200);
    }
    const again = digestHeader({
      username: 'ada',
      password: 'lovelace',
      nonce: nonces[0] ?? '',
      nc: '00000005',
    });
    const res = await client.get('/secret', { headers: { Authorization: again } });
    assert.equal(res.status, 401);
    assert.match(res.headers.get('WWW-Authenticate') ?? '', /stale=true/);
  });

  it('refuses a nonce it did not sign', async () => {
    const { app } = digestApp();
    const nonce = await freshNonce(app);
    const forged = `${nonce.slice(0, -3)}AAA`;
    const other = digestApp({ secretKey: 'another key' });
    const foreign = await freshNonce(other.app);
    for (const n of [forged, foreign, 'plain-nonce', '']) {
      const res = await app.testClient().get('/secret', {
        headers: { Authorization: digestHeader({ username: 'ada', password: 'lovelace', nonce: n }) },
      });
      assert.equal(res.status, 401, n);
      assert.doesNotMatch(res.headers.get('WWW-Authenticate') ?? '', /stale/);
    }
  });

  it('refuses a response computed for another URI', async () => {
    const { app } = digestApp();
    const nonce = await freshNonce(app);
    const header = digestHeader({ username: 'ada', password: 'lovelace', nonce, uri: '/other' });
    assert.equal((await app.testClient().get('/secret', { headers: { Authorization: header } })).status, 401);
  });

  it('refuses an algorithm it does not offer', async () => {
    const { app } = digestApp({ algorithms: ['SHA-256'] });
    const nonce = await freshNonce(app);
    const header = digestHeader({ username: 'ada', password: 'lovelace', nonce, algorithm: 'MD5' });
    assert.equal((await app.testClient().get('/secret', { headers: { Authorization: header } })).status, 401);
  });

  it('checks HA1 passwords with useHa1Passwords', async () => {
    const app = new Flagon('ha1', { config: { SECRET_KEY: 'k' } });
    const auth = new HTTPDigestAuth({ realm: 'admin', algorithms: ['SHA-256'], useHa1Passwords: true });
    auth.getPassword((u) =>
      u === 'ada' ? createHash('sha256').update('ada:admin:lovelace').digest('hex') : null,
    );
    app.get(
      '/secret',
      auth.loginRequired(() => 'ok'),
    );
    const nonce = await freshNonce(app);
    const header = digestHeader({ username: 'ada', password: 'lovelace', nonce });
    assert.equal((await app.testClient().get('/secret', { headers: { Authorization: header } })).text, 'ok');
  });

  it('answers 401, never 500, for malformed Digest headers', async () => {
    const { app } = digestApp();
    const client = app.testClient();
    for (const header of [
      'Digest',
      'Digest ===',
      'Digest username=',
      'Digest username="ada", realm="admin"',
      'Digest username="ada", realm="admin", nonce="x", uri="/secret", response="zz", qop=auth, nc=zz, cnonce=c',
      `Digest username="${'a'.repeat(10_000)}"`,
      'Digest username="ada", realm="admin", nonce="a.b", uri="/secret", response="00", qop="auth-int", nc=00000001, cnonce="c"',
    ]) {
      assert.equal(
        (await client.get('/secret', { headers: { Authorization: header } })).status,
        401,
        header.slice(0, 60),
      );
    }
  });
});

const CURL = '/usr/bin/curl';

describe('HTTPDigestAuth over real HTTP', () => {
  it('lets curl --digest in with SHA-256', {
    skip: existsSync(CURL) ? false : 'curl is not installed',
  }, async () => {
    const { app } = digestApp({ algorithms: ['SHA-256'] });
    const server = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const body = await new Promise<string>((resolve, reject) => {
        execFile(CURL, ['-s', '--digest', '-u', 'ada:lovelace', `${server.url}/secret`], (error, stdout) =>
          error ? reject(error) : resolve(stdout),
        );
      });
      assert.deepEqual(JSON.parse(body), { user: 'ada' });
    } finally {
      await server.close();
    }
  });

  it("lets Python's urllib digest handler in with MD5", { skip: pythonMissing }, async () => {
    const { app } = digestApp({ algorithms: ['MD5'] });
    const server = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const result = await runPython(
        `
import json, sys, urllib.request
url = json.load(sys.stdin)
mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
mgr.add_password(None, url, "ada", "lovelace")
opener = urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(mgr))
print(opener.open(url).read().decode())
`,
        `${server.url}/secret`,
      );
      assert.deepEqual(result, { user: 'ada' });
    } finally {
      await server.close();
    }
  });
});
