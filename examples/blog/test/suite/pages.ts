// What every page shares: styled error pages that lead home, the favicon and stylesheet, the log-in rate limit,
// and the admin command.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { db } from '../../src/db.ts';
import { type Backend, type BlogFixture, makeBlog } from '../fixtures.ts';

export function pagesSuite(backend: Backend): void {
  let blog: BlogFixture | undefined;
  afterEach(async () => {
    await blog?.cleanup();
    blog = undefined;
  });
  const open = async (config: Record<string, unknown> = {}): Promise<BlogFixture> => {
    blog = await makeBlog(backend, config);
    return blog;
  };

  describe('error pages', () => {
    it('answers an unknown URL with the styled 404 page, which links home', async () => {
      const { client } = await open();
      const res = await client.get('/no/such/page');
      assert.equal(res.status, 404);
      assert.equal(res.mimetype, 'text/html');
      assert.match(res.text, /<link rel="stylesheet" href="\/static\/style.css">/);
      assert.match(res.text, /<p class="error-code">404<\/p><h1>Page not found<\/h1>/);
      assert.match(res.text, /<a class="button" href="\/">Back to the posts<\/a>/);
    });

    it('shows a styled 500 page without the error’s details', async () => {
      const fixture = await open({ PROPAGATE_EXCEPTIONS: false });
      fixture.app.get('/boom', () => {
        throw new Error('secret internals');
      });
      const res = await fixture.client.get('/boom');
      assert.equal(res.status, 500);
      assert.match(res.text, /<h1>Something went wrong<\/h1>/);
      assert.match(res.text, /href="\/">Back to the posts/);
      assert.doesNotMatch(res.text, /secret internals/);
    });

    it('explains a refused form (CSRF) on a styled 400 page', async () => {
      const { client } = await open();
      const res = await client.post('/auth/login', { data: { username: 'test', password: 'test-password' } });
      assert.equal(res.status, 400);
      assert.match(res.text, /The form was not accepted: The CSRF token is missing\./);
      assert.match(res.text, /Back to the posts/);
    });

    it('keeps the Allow header on a styled 405 page', async () => {
      const { client } = await open();
      const res = await client.put('/');
      assert.equal(res.status, 405);
      assert.match(res.headers.get('allow') ?? '', /GET/);
      assert.match(res.text, /<p class="error-code">405<\/p>/);
    });
  });

  describe('assets', () => {
    it('serves a favicon at /favicon.ico, which every page also links', async () => {
      const { client } = await open();
      const icon = await client.get('/favicon.ico');
      assert.equal(icon.status, 200);
      assert.equal(icon.mimetype, 'image/svg+xml');
      assert.match(icon.text, /^<svg /);
      assert.match(
        (await client.get('/')).text,
        /<link rel="icon" href="\/static\/favicon.svg" type="image\/svg\+xml">/,
      );
    });

    it('serves the one stylesheet, with a viewport meta tag for phones on every page', async () => {
      const { client } = await open();
      const css = await client.get('/static/style.css');
      assert.equal(css.status, 200);
      assert.equal(css.mimetype, 'text/css');
      assert.match(css.text, /@media \(max-width: 560px\)/);
      assert.match(
        (await client.get('/auth/login')).text,
        /<meta name="viewport" content="width=device-width, initial-scale=1">/,
      );
    });

    it('sends a Content-Security-Policy that allows no script and no framing, and nosniff', async () => {
      const { client } = await open();
      for (const path of ['/', '/auth/login', '/no/such/page', '/api/posts']) {
        const res = await client.get(path);
        assert.match(
          res.headers.get('content-security-policy') ?? '',
          /script-src 'none';.*frame-ancestors 'none'/,
          path,
        );
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
      }
    });

    it('sends no script to the browser', async () => {
      const { client } = await open();
      for (const path of ['/', '/1', '/auth/login', '/auth/register']) {
        assert.doesNotMatch((await client.get(path)).text, /<script/i, path);
      }
    });
  });

  describe('the log-in rate limit', () => {
    it('answers 429 with Retry-After once an address fails too often', async () => {
      const fixture = await open({ LOGIN_RATE_LIMIT: '2 per minute' });
      for (let i = 0; i < 2; i++) {
        assert.equal(
          (await fixture.submit('/auth/login', { username: 'test', password: 'wrong' })).status,
          200,
        );
      }
      const res = await fixture.submit('/auth/login', { username: 'test', password: 'test-password' });
      assert.equal(res.status, 429);
      assert.ok(Number(res.headers.get('retry-after')) > 0);
      assert.match(res.text, /<h1>Too many attempts<\/h1>/);
      assert.match(
        res.text,
        /Too many failed log-in attempts from your address\. Wait a minute and try again\./,
      );
    });

    it('does not count successful log-ins', async () => {
      const fixture = await open({ LOGIN_RATE_LIMIT: '2 per minute' });
      for (let i = 0; i < 3; i++) assert.equal((await fixture.login('test')).status, 302);
    });

    it('leaves the login form itself (GET) unlimited', async () => {
      const fixture = await open({ LOGIN_RATE_LIMIT: '1 per minute' });
      await fixture.submit('/auth/login', { username: 'test', password: 'wrong' });
      assert.equal((await fixture.client.get('/auth/login')).status, 200);
    });
  });

  describe('the set-role command', () => {
    it('makes a user an admin', async () => {
      const fixture = await open();
      const result = await fixture.app.testCliRunner().invoke(['set-role', 'other', 'admin']);
      assert.equal(result.exitCode, 0, result.stderr);
      assert.match(result.stdout, /other is now an admin\./);
      const row = await fixture.run(() =>
        db.query.selectFrom('user').select('role').where('username', '=', 'other').executeTakeFirstOrThrow(),
      );
      assert.equal(row.role, 'admin');
    });

    it('refuses an unknown role and an unknown user', async () => {
      const fixture = await open();
      const role = await fixture.app.testCliRunner().invoke(['set-role', 'other', 'root']);
      assert.notEqual(role.exitCode, 0);
      assert.match(role.stderr, /The role must be admin or user, not root\./);
      const user = await fixture.app.testCliRunner().invoke(['set-role', 'nobody', 'admin']);
      assert.notEqual(user.exitCode, 0);
      assert.match(user.stderr, /There is no user named nobody\./);
    });
  });
}
