import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { request as currentRequest, Flagon, type RunningServer, redirect } from 'flagon';
import {
  checkPasswordHash,
  currentUser,
  generatePasswordHash,
  HTTPBasicAuth,
  HTTPTokenAuth,
  LoginManager,
  loginRequired,
  loginUser,
  logoutUser,
  safeNextUrl,
  UserMixin,
} from '../../src/index.ts';

class User extends UserMixin {
  readonly id: number;
  readonly name: string;
  readonly hash: string;
  constructor(id: number, name: string, hash: string) {
    super();
    this.id = id;
    this.name = name;
    this.hash = hash;
  }
}

let server: RunningServer;
let users: User[];

before(async () => {
  users = [new User(1, 'ada', await generatePasswordHash('lovelace', { method: 'scrypt:1024:8:1' }))];
  const app = new Flagon('real-http', { config: { SECRET_KEY: 'real http key' } });
  const login = new LoginManager(app, { loginView: 'login' });
  login.userLoader((id) => users.find((u) => String(u.id) === id) ?? null);
  app.route('/login', { methods: ['GET', 'POST'] }, async function login() {
    if (currentRequest.method === 'GET') return 'login form';
    const form = await currentRequest.form;
    const user = users.find((u) => u.name === form.get('username'));
    if (!user || !(await checkPasswordHash(user.hash, form.get('password') ?? ''))) return ['bad login', 401];
    await loginUser(user, { remember: form.get('remember') === 'on' });
    return redirect(safeNextUrl(currentRequest.args.get('next'), '/'));
  });
  app.post('/logout', async () => {
    await logoutUser();
    return 'bye';
  });
  app.get(
    '/private',
    loginRequired(function privatePage() {
      return `hello ${(currentUser as unknown as User).name}`;
    }),
  );
  const basic = new HTTPBasicAuth();
  basic.verifyPassword(async (u, p) => {
    const user = users.find((x) => x.name === u);
    return user && (await checkPasswordHash(user.hash, p)) ? user : null;
  });
  app.get(
    '/api/basic',
    basic.loginRequired(() => ({ name: (basic.currentUser() as User).name })),
  );
  const token = new HTTPTokenAuth();
  token.verifyToken((t) => (t === 'secret-token' ? 'api-user' : null));
  app.get(
    '/api/token',
    token.loginRequired(() => ({ user: token.currentUser() })),
  );
  server = await app.listen({ port: 0, host: '127.0.0.1' });
});

after(async () => {
  await server.close();
});

function cookiesOf(res: globalThis.Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .filter((c) => !c?.endsWith('='))
    .join('; ');
}

function raw(requestText: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
    });
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
    socket.end(Buffer.from(requestText, 'latin1'));
  });
}

describe('login over real HTTP', () => {
  it('redirects to the login page, logs in with a form and returns to next', async () => {
    const first = await fetch(`${server.url}/private`, { redirect: 'manual' });
    assert.equal(first.status, 302);
    const loginUrl = first.headers.get('location') ?? '';
    assert.equal(loginUrl, '/login?next=%2Fprivate');
    const posted = await fetch(`${server.url}${loginUrl}`, {
      method: 'POST',
      body: new URLSearchParams({ username: 'ada', password: 'lovelace', remember: 'on' }),
      redirect: 'manual',
      headers: { cookie: cookiesOf(first) },
    });
    assert.equal(posted.status, 302);
    assert.equal(posted.headers.get('location'), '/private');
    const setCookies = posted.headers.getSetCookie();
    assert.ok(setCookies.some((c) => /^remember_token=1\|[0-9a-f]{128};.*HttpOnly/i.test(c)));
    const page = await fetch(`${server.url}/private`, { headers: { cookie: cookiesOf(posted) } });
    assert.equal(await page.text(), 'hello ada');
  });

  it('refuses a wrong password with 401', async () => {
    const res = await fetch(`${server.url}/login`, {
      method: 'POST',
      body: new URLSearchParams({ username: 'ada', password: 'nope' }),
    });
    assert.equal(res.status, 401);
  });

  it('ignores an open-redirect next value after login', async () => {
    const res = await fetch(`${server.url}/login?next=${encodeURIComponent('//evil.example/')}`, {
      method: 'POST',
      body: new URLSearchParams({ username: 'ada', password: 'lovelace' }),
      redirect: 'manual',
    });
    assert.equal(res.headers.get('location'), '/');
  });

  it('logs in from the remember cookie alone', async () => {
    const posted = await fetch(`${server.url}/login`, {
      method: 'POST',
      body: new URLSearchParams({ username: 'ada', password: 'lovelace', remember: 'on' }),
      redirect: 'manual',
    });
    const remember =
      posted.headers
        .getSetCookie()
        .find((c) => c.startsWith('remember_token='))
        ?.split(';')[0] ?? '';
    const page = await fetch(`${server.url}/private`, { headers: { cookie: remember }, redirect: 'manual' });
    assert.equal(await page.text(), 'hello ada');
  });
});

describe('HTTP authentication over real HTTP', () => {
  it('accepts Basic credentials and answers 401 with a challenge without them', async () => {
    const ok = await fetch(`${server.url}/api/basic`, {
      headers: { Authorization: `Basic ${Buffer.from('ada:lovelace').toString('base64')}` },
    });
    assert.deepEqual(await ok.json(), { name: 'ada' });
    const refused = await fetch(`${server.url}/api/basic`);
    assert.equal(refused.status, 401);
    assert.equal(refused.headers.get('www-authenticate'), 'Basic realm="Authentication Required"');
  });

  it('accepts a bearer token', async () => {
    const res = await fetch(`${server.url}/api/token`, { headers: { Authorization: 'Bearer secret-token' } });
    assert.deepEqual(await res.json(), { user: 'api-user' });
  });

  it('answers malformed Authorization headers with 4xx, never 500, and keeps serving', async () => {
    for (const header of [
      'Basic \u0001\u0002',
      'Bearer a\u0000b',
      `Basic ${'A'.repeat(70_000)}`,
      'Basic ÿÿÿÿ',
      'Basic',
      'Bearer',
    ]) {
      const response = await raw(
        `GET /api/basic HTTP/1.1\r\nHost: x\r\nAuthorization: ${header}\r\nConnection: close\r\n\r\n`,
      );
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1]);
      assert.ok(status >= 400 && status < 500, `${JSON.stringify(header.slice(0, 20))} gave ${status}`);
    }
    const still = await fetch(`${server.url}/api/token`, {
      headers: { Authorization: 'Bearer secret-token' },
    });
    assert.equal(still.status, 200);
  });
});
