import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { type BlogFixture, makeBlog } from './fixtures.ts';

let blog: BlogFixture;
beforeEach(() => {
  blog = makeBlog();
});
afterEach(() => blog.cleanup());

describe('registration', () => {
  it('shows the form', async () => {
    const res = await blog.client.get('/auth/register');
    assert.equal(res.status, 200);
    assert.match(res.text, /<form method="post">/);
  });

  it('creates the user and sends them to the login page', async () => {
    const res = await blog.client.post('/auth/register', { data: { username: 'a', password: 'a' } });
    assert.equal(res.location, '/auth/login');
    assert.equal(blog.query("SELECT * FROM user WHERE username = 'a'").length, 1);
  });

  for (const [username, password, message] of [
    ['', '', 'Username is required.'],
    ['a', '', 'Password is required.'],
    ['test', 'test', 'already registered'],
  ] as const) {
    it(`rejects ${JSON.stringify({ username, password })} with "${message}"`, async () => {
      const res = await blog.client.post('/auth/register', { data: { username, password } });
      assert.equal(res.status, 200);
      assert.ok(res.text.includes(message), res.text);
    });
  }
});

describe('login', () => {
  it('logs in and remembers the user in the session', async () => {
    const res = await blog.login();
    assert.equal(res.location, '/');
    const page = await blog.client.get('/');
    assert.match(page.text, /<span>test<\/span>/);
    assert.match(page.text, /Log Out/);
  });

  it('sets an HttpOnly, SameSite=Lax session cookie', async () => {
    const res = await blog.login();
    const cookie = res.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^session=/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
  });

  for (const [username, password, message] of [
    ['a', 'test', 'Incorrect username.'],
    ['test', 'a', 'Incorrect password.'],
  ] as const) {
    it(`says "${message}" for a wrong ${username === 'a' ? 'username' : 'password'}`, async () => {
      const res = await blog.login(username, password);
      assert.ok(res.text.includes(message));
    });
  }

  it('logs out', async () => {
    await blog.login();
    await blog.client.get('/auth/logout');
    const page = await blog.client.get('/');
    assert.match(page.text, /Log In/);
  });

  it('treats a tampered session cookie as logged out', async () => {
    blog.client.cookies.set('session', 'eyJ1c2VySWQiOjF9.forged.signature');
    const page = await blog.client.get('/');
    assert.equal(page.status, 200);
    assert.match(page.text, /Log In/);
  });
});

describe('the init-db command', () => {
  it('recreates the tables and says so', async () => {
    const result = await blog.app.testCliRunner().invoke(['init-db']);
    assert.equal(result.exitCode, 0);
    assert.match(result.stdout, /Initialized the database/);
    assert.equal(blog.query('SELECT * FROM user').length, 0);
  });
});
