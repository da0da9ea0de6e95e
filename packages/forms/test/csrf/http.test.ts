import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { CSRFProtect, generateCsrf } from '@flagon/forms';
import { Flagon, type RunningServer } from 'flagon';

interface Reply {
  status: number;
  body: string;
  setCookie: string[];
}

/** One request over a real socket, with exactly the headers given (browsers' Origin, Referer, …). */
function send(url: string, method: string, headers: Record<string, string> = {}, body = ''): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method, headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: text, setCookie: res.headers['set-cookie'] ?? [] }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function makeApp(config: Record<string, unknown> = {}): Flagon {
  const app = new Flagon('csrf-http', { config: { SECRET_KEY: 'http-secret', ...config } });
  new CSRFProtect(app);
  app.get('/form', () => `<form method="post"><input name="csrf_token" value="${generateCsrf()}"></form>`);
  app.post('/submit', () => 'accepted');
  return app;
}

async function tokenAndCookie(
  base: string,
  headers: Record<string, string> = {},
): Promise<{ token: string; cookie: string }> {
  const page = await send(`${base}/form`, 'GET', headers);
  const token = /value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const cookie = (page.setCookie[0] ?? '').split(';')[0] ?? '';
  return { token, cookie };
}

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

describe('CSRF over real HTTP', () => {
  let server: RunningServer;
  before(async () => {
    server = await makeApp().listen({ port: 0 });
  });
  after(() => server.close());

  it('accepts a form post carrying the token and the session cookie', async () => {
    const { token, cookie } = await tokenAndCookie(server.url);
    const res = await send(
      `${server.url}/submit`,
      'POST',
      { ...FORM, Cookie: cookie },
      `csrf_token=${encodeURIComponent(token)}`,
    );
    assert.equal(res.status, 200);
    assert.equal(res.body, 'accepted');
  });

  it('refuses a cross-site post without a token', async () => {
    const { cookie } = await tokenAndCookie(server.url);
    const res = await send(
      `${server.url}/submit`,
      'POST',
      { ...FORM, Cookie: cookie, Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' },
      'title=pwned',
    );
    assert.equal(res.status, 400);
    assert.match(res.body, /The CSRF token is missing\./);
  });
});

describe('origin checks on HTTPS behind a proxy', () => {
  let server: RunningServer;
  let strictOff: RunningServer;
  const proxy = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'app.example.com' };
  before(async () => {
    const config = {
      PROXY_FIX: { xProto: 1, xHost: 1 },
      WTF_CSRF_TRUSTED_ORIGINS: ['https://admin.example.com'],
    };
    server = await makeApp(config).listen({ port: 0 });
    strictOff = await makeApp({ ...config, WTF_CSRF_SSL_STRICT: false }).listen({ port: 0 });
  });
  after(async () => {
    await server.close();
    await strictOff.close();
  });

  async function post(headers: Record<string, string>, target = server): Promise<Reply> {
    const { token, cookie } = await tokenAndCookie(target.url, proxy);
    return send(
      `${target.url}/submit`,
      'POST',
      { ...FORM, ...proxy, Cookie: cookie, ...headers },
      `csrf_token=${encodeURIComponent(token)}`,
    );
  }

  it('accepts an Origin equal to the forwarded scheme and host', async () => {
    assert.equal((await post({ Origin: 'https://app.example.com' })).status, 200);
  });

  it('refuses another Origin with a clear reason', async () => {
    const res = await post({ Origin: 'https://evil.example' });
    assert.equal(res.status, 400);
    assert.match(res.body, /The origin does not match the host\./);
  });

  it('refuses the same host over plain http as another origin', async () => {
    const res = await post({ Origin: 'http://app.example.com' });
    assert.match(res.body, /The origin does not match the host\./);
  });

  it('accepts Sec-Fetch-Site: same-origin without Origin or Referer (Referrer-Policy: no-referrer)', async () => {
    assert.equal((await post({ 'Sec-Fetch-Site': 'same-origin' })).status, 200);
  });

  it('falls back to the Referer when there is no Origin', async () => {
    assert.equal((await post({ Referer: 'https://app.example.com/form' })).status, 200);
    const res = await post({ Referer: 'https://evil.example/form' });
    assert.match(res.body, /The referrer does not match the host\./);
  });

  it('refuses a request with no origin information at all', async () => {
    const res = await post({});
    assert.equal(res.status, 400);
    assert.match(res.body, /The referrer header is missing\./);
  });

  it('accepts an origin listed in WTF_CSRF_TRUSTED_ORIGINS', async () => {
    assert.equal(
      (await post({ Origin: 'https://admin.example.com', 'Sec-Fetch-Site': 'same-site' })).status,
      200,
    );
  });

  it('skips the origin check with WTF_CSRF_SSL_STRICT false', async () => {
    assert.equal((await post({ Origin: 'https://evil.example' }, strictOff)).status, 200);
  });
});
