// Registering, logging in and out, remember me, and password hashes from the old blog and from Flask.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { db } from '../../src/db.ts';
import { type Backend, type BlogFixture, fieldErrors, flashes, makeBlog } from '../fixtures.ts';

/** What the blog's passwords.ts wrote before @flagon/auth (scryptSync, Werkzeug's format): 'old password'. */
const OLD_BLOG_HASH =
  'scrypt:32768:8:1$oLdBlOgSaLt12345$f2630b84ead2a3e66622660ae9d19deb4d14c1bd684b7d0a9371e6daae360bd1de7baccb935c2f263e222bc34ce1f9c516bed1e1d13f4ead0bb8edaa7e572d7a';
/** Werkzeug 2.2's generate_password_hash('flask password'): a Flask copy of the blog's users. */
const WERKZEUG_22_HASH =
  'pbkdf2:sha256:260000$WEbLfujUtcYrZ9ig$16598a2215b77a255e7b522a529b5a7972ac6b8141c597ab3a432c3e8a94bb78';

export function authSuite(backend: Backend): void {
  let blog: BlogFixture;
  beforeEach(async () => {
    blog = await makeBlog(backend);
  });
  afterEach(async () => {
    await blog.cleanup();
  });

  describe('registering', () => {
    it('shows the form with a CSRF token', async () => {
      const res = await blog.client.get('/auth/register');
      assert.equal(res.status, 200);
      assert.match(res.text, /<input id="csrf_token" name="csrf_token" type="hidden" value="[^"]+">/);
      assert.match(res.text, /<label for="username">Username<\/label>/);
    });

    it('creates the account, flashes a welcome and sends the user to the login page', async () => {
      const res = await blog.submit('/auth/register', {
        username: 'alice',
        password: 'correct horse',
        confirm: 'correct horse',
      });
      assert.equal(res.status, 302);
      assert.equal(res.location, '/auth/login');
      const page = await blog.client.get('/auth/login');
      assert.deepEqual(flashes(page.text), ['success: Welcome, alice! Your account is ready: log in below.']);
      const row = await blog.run(() =>
        db.query.selectFrom('user').selectAll().where('username', '=', 'alice').executeTakeFirstOrThrow(),
      );
      assert.match(row.password, /^scrypt:32768:8:1\$[A-Za-z0-9]{16}\$[0-9a-f]{128}$/);
      assert.equal(row.role, 'user');
    });

    it('shows each field error inline, keeps the name typed, and flashes what to do', async () => {
      const res = await blog.submit('/auth/register', {
        username: 'bad name!',
        password: 'short',
        confirm: 'x',
      });
      assert.equal(res.status, 200);
      assert.deepEqual(fieldErrors(res.text, 'username'), [
        'Use letters, digits, dots, dashes and underscores only.',
      ]);
      assert.deepEqual(fieldErrors(res.text, 'password'), [
        'Field must be between 8 and 200 characters long.',
      ]);
      assert.deepEqual(fieldErrors(res.text, 'confirm'), ['The passwords do not match.']);
      assert.match(res.text, /name="username"[^>]*value="bad name!"/);
      assert.match(res.text, /aria-describedby="username-errors"/);
      assert.deepEqual(flashes(res.text), ['error: Please fix the errors below.']);
    });

    it('asks for a username and a password when they are blank', async () => {
      const res = await blog.submit('/auth/register', { username: '  ', password: '' });
      assert.deepEqual(fieldErrors(res.text, 'username'), ['Username is required.']);
      assert.deepEqual(fieldErrors(res.text, 'password'), ['Password is required.']);
    });

    it('refuses a name that is taken, inline', async () => {
      const res = await blog.submit('/auth/register', {
        username: 'test',
        password: 'long enough',
        confirm: 'long enough',
      });
      assert.equal(res.status, 200);
      assert.deepEqual(fieldErrors(res.text, 'username'), ['User test is already registered.']);
    });
  });

  describe('logging in', () => {
    it('logs in, flashes a welcome and goes to the index, which offers the user their links', async () => {
      const res = await blog.login('test');
      assert.equal(res.status, 302);
      assert.equal(res.location, '/');
      const index = await blog.client.get('/');
      assert.deepEqual(flashes(index.text), ['success: Welcome back, test.']);
      assert.match(index.text, /<a href="\/auth\/settings" title="Settings">test<\/a>/);
      assert.match(index.text, /<button type="submit" class="link">Log out<\/button>/);
    });

    it('gives the same message for an unknown name and a wrong password', async () => {
      const unknown = await blog.submit('/auth/login', { username: 'nobody', password: 'whatever' });
      const wrong = await blog.submit('/auth/login', { username: 'test', password: 'wrong' });
      assert.equal(unknown.status, 200);
      assert.deepEqual(flashes(unknown.text), ['error: Incorrect username or password.']);
      assert.deepEqual(flashes(wrong.text), ['error: Incorrect username or password.']);
      assert.match(wrong.text, /name="username"[^>]*value="test"/);
      assert.doesNotMatch(wrong.text, /value="wrong"/);
    });

    it('shows inline errors for blank fields', async () => {
      const res = await blog.submit('/auth/login', { username: '', password: '' });
      assert.deepEqual(fieldErrors(res.text, 'username'), ['Username is required.']);
      assert.deepEqual(fieldErrors(res.text, 'password'), ['Password is required.']);
    });

    it('sets a remember cookie only when "Remember me" is ticked', async () => {
      const plain = await blog.login('test');
      assert.equal(blog.client.cookies.get('remember_token'), undefined);
      assert.ok(plain.headers.getAll('set-cookie').every((c) => !c.startsWith('remember_token=')));
      await blog.submit('/auth/logout');
      await blog.login('test', { remember: true });
      const cookie = blog.client.cookies.get('remember_token');
      assert.ok(cookie, 'no remember_token cookie');
      assert.match(cookie, /^1\|[0-9a-f]{128}$/);
    });

    it('keeps a remembered user logged in after the session cookie is gone', async () => {
      await blog.login('test', { remember: true });
      blog.client.cookies.delete('session');
      const res = await blog.client.get('/create');
      assert.equal(res.status, 200);
      assert.match(res.text, /<h1>New post<\/h1>/);
    });

    it('forgets a user who did not tick "Remember me" once the session cookie is gone', async () => {
      await blog.login('test');
      blog.client.cookies.delete('session');
      const res = await blog.client.get('/create');
      assert.equal(res.status, 302);
    });

    it('sends a visitor to the login page with the page they wanted, and back there after logging in', async () => {
      const res = await blog.client.get('/1/update');
      assert.equal(res.status, 302);
      assert.equal(res.location, '/auth/login?next=%2F1%2Fupdate');
      const login = await blog.client.get(res.location);
      assert.deepEqual(flashes(login.text), ['error: Please log in to see this page.']);
      const token = await blog.csrfToken();
      const done = await blog.client.post('/auth/login?next=%2F1%2Fupdate', {
        data: { csrf_token: token, username: 'test', password: 'test-password' },
      });
      assert.equal(done.location, '/1/update');
    });

    it('ignores a next address on another site', async () => {
      const token = await blog.csrfToken();
      const res = await blog.client.post('/auth/login?next=//evil.example/', {
        data: { csrf_token: token, username: 'test', password: 'test-password' },
      });
      assert.equal(res.location, '/');
    });

    it("accepts a hash written by the blog's old passwords.ts", async () => {
      await blog.addUser('veteran', { hash: OLD_BLOG_HASH });
      const res = await blog.submit('/auth/login', { username: 'veteran', password: 'old password' });
      assert.equal(res.status, 302);
      const row = await blog.run(() =>
        db.query
          .selectFrom('user')
          .select('password')
          .where('username', '=', 'veteran')
          .executeTakeFirstOrThrow(),
      );
      assert.equal(row.password, OLD_BLOG_HASH, 'an up-to-date hash is kept as it is');
    });

    it("accepts Werkzeug 2.2's pbkdf2 hash and replaces it with scrypt on login", async () => {
      await blog.addUser('flasker', { hash: WERKZEUG_22_HASH });
      const res = await blog.submit('/auth/login', { username: 'flasker', password: 'flask password' });
      assert.equal(res.status, 302);
      const row = await blog.run(() =>
        db.query
          .selectFrom('user')
          .select('password')
          .where('username', '=', 'flasker')
          .executeTakeFirstOrThrow(),
      );
      assert.match(row.password, /^scrypt:32768:8:1\$/);
    });
  });

  describe('logging out', () => {
    it('logs out with a POST, flashes it, and forgets the remember cookie', async () => {
      await blog.login('test', { remember: true });
      const res = await blog.submit('/auth/logout');
      assert.equal(res.status, 302);
      assert.equal(res.location, '/');
      assert.equal(blog.client.cookies.get('remember_token'), undefined);
      const index = await blog.client.get('/');
      assert.deepEqual(flashes(index.text), ['success: You are logged out.']);
      assert.match(index.text, /<a href="\/auth\/login" class="button small">Log in<\/a>/);
      assert.equal((await blog.client.get('/create')).status, 302);
    });

    it('refuses a logout without the CSRF token, so another site cannot log users out', async () => {
      await blog.login('test');
      const res = await blog.client.post('/auth/logout');
      assert.equal(res.status, 400);
      assert.equal((await blog.client.get('/create')).status, 200);
    });

    it('does not log out through a GET', async () => {
      await blog.login('test');
      assert.equal((await blog.client.get('/auth/logout')).status, 405);
    });
  });
}
