import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CSRFProtect, generateCsrf } from '@flagon/forms';
import { Flagon } from 'flagon';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./helpers/flask_wtf_app.py', import.meta.url));
const SECRET_KEY = 'shared interop secret';

/** Why these tests skip, or false when Python with Flask-WTF is there. */
const flaskWtfMissing: string | false = (() => {
  if (!existsSync(PYTHON)) return `${PYTHON} is not installed (.ci/install-components installs it)`;
  const probe = spawnSync(PYTHON, ['-c', 'import flask_wtf'], { encoding: 'utf8' });
  if (probe.status !== 0)
    return 'Flask-WTF is not installed (.ci/install-components installs python3-flaskext.wtf)';
  return false;
})();

function runFlask(
  input: Record<string, unknown>,
): Promise<{ token?: string; session?: string; status?: number; body?: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(PYTHON, [SCRIPT], { timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`python failed: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout));
    });
    child.stdin?.end(JSON.stringify({ secret_key: SECRET_KEY, ...input }));
  });
}

function flagonApp(): Flagon {
  const app = new Flagon('interop', { config: { SECRET_KEY } });
  new CSRFProtect(app);
  app.get('/token', () => generateCsrf());
  app.post('/submit', () => 'accepted');
  return app;
}

/** The session cookie's value from a response's Set-Cookie. */
function sessionCookie(setCookie: string | null): string {
  return /(?:^|,\s*)session=([^;]*)/.exec(setCookie ?? '')?.[1] ?? '';
}

describe('token interop with Flask-WTF 1.1', { skip: flaskWtfMissing }, () => {
  it('accepts a token and session made by Flask-WTF', async () => {
    const issued = await runFlask({ op: 'issue' });
    assert.ok(issued.token && issued.session);
    const res = await flagonApp()
      .testClient()
      .post('/submit', {
        data: { csrf_token: issued.token },
        headers: { Cookie: `session=${issued.session}` },
      });
    assert.equal(res.status, 200);
    assert.equal(res.text, 'accepted');
  });

  it('has Flask-WTF accept a token and session made by Flagon', async () => {
    const page = await flagonApp().testClient().get('/token');
    const session = sessionCookie(page.headers.get('set-cookie'));
    assert.notEqual(session, '');
    const res = await runFlask({ op: 'submit', session, data: { csrf_token: page.text } });
    assert.deepEqual(res, { status: 200, body: 'accepted' });
  });

  it('has Flask-WTF accept a Flagon token sent in the X-CSRFToken header', async () => {
    const page = await flagonApp().testClient().get('/token');
    const session = sessionCookie(page.headers.get('set-cookie'));
    const res = await runFlask({ op: 'submit', session, headers: { 'X-CSRFToken': page.text } });
    assert.equal(res.status, 200);
  });

  it('refuses, as Flask-WTF does, a Flask-WTF token with another session', async () => {
    const issued = await runFlask({ op: 'issue' });
    const client = flagonApp().testClient();
    await client.get('/token');
    const ours = await client.post('/submit', { data: { csrf_token: issued.token ?? '' } });
    assert.match(ours.text, /The CSRF tokens do not match\./);
    const page = await flagonApp().testClient().get('/token');
    const theirs = await runFlask({
      op: 'submit',
      session: issued.session,
      data: { csrf_token: page.text },
    });
    assert.equal(theirs.status, 400);
    assert.match(theirs.body ?? '', /The CSRF tokens do not match\./);
  });

  it('refuses a token signed with another secret key on both sides', async () => {
    const other = new Flagon('other', { config: { SECRET_KEY: 'a different key' } });
    new CSRFProtect(other);
    other.get('/token', () => generateCsrf());
    const page = await other.testClient().get('/token');
    const issued = await runFlask({ op: 'issue' });
    const res = await runFlask({ op: 'submit', session: issued.session, data: { csrf_token: page.text } });
    assert.equal(res.status, 400);
    assert.match(res.body ?? '', /The CSRF token is invalid\./);
  });
});
