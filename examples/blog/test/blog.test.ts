import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { type BlogFixture, makeBlog } from './fixtures.ts';

let blog: BlogFixture;
beforeEach(() => {
  blog = makeBlog();
});
afterEach(() => blog.cleanup());

describe('the index', () => {
  it('lists posts for anonymous visitors with login links', async () => {
    const res = await blog.client.get('/');
    assert.match(res.text, /Log In/);
    assert.match(res.text, /Register/);
    assert.match(res.text, /test title/);
    assert.match(res.text, /by test on 2018-01-01/);
    assert.doesNotMatch(res.text, /href="\/1\/update"/);
  });

  it('offers the author an edit link', async () => {
    await blog.login();
    const res = await blog.client.get('/');
    assert.match(res.text, /href="\/1\/update"/);
  });

  it('escapes HTML in posts', async () => {
    await blog.login();
    await blog.client.post('/create', { data: { title: '<script>alert(1)</script>', body: 'x' } });
    const res = await blog.client.get('/');
    assert.doesNotMatch(res.text, /<script>alert/);
    assert.match(res.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  it('serves the stylesheet', async () => {
    const res = await blog.client.get('/static/style.css');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/css/);
  });
});

describe('login is required', () => {
  for (const path of ['/create', '/1/update']) {
    it(`redirects anonymous GET ${path} to the login page`, async () => {
      const res = await blog.client.get(path);
      assert.equal(res.location, '/auth/login');
    });
  }

  it('redirects an anonymous delete to the login page', async () => {
    const res = await blog.client.post('/1/delete');
    assert.equal(res.location, '/auth/login');
  });
});

describe('writing posts', () => {
  it("forbids editing someone else's post", async () => {
    await blog.login('other', 'other');
    assert.equal((await blog.client.post('/1/update', { data: { title: 'x', body: '' } })).status, 403);
    assert.equal((await blog.client.post('/1/delete')).status, 403);
  });

  it('answers 404 for a post that does not exist', async () => {
    await blog.login();
    assert.equal((await blog.client.post('/2/update', { data: { title: 'x' } })).status, 404);
    assert.equal((await blog.client.post('/2/delete')).status, 404);
  });

  it('creates a post', async () => {
    await blog.login();
    assert.equal((await blog.client.get('/create')).status, 200);
    await blog.client.post('/create', { data: { title: 'created', body: '' } });
    assert.equal(blog.query('SELECT * FROM post').length, 2);
  });

  it('updates a post', async () => {
    await blog.login();
    assert.equal((await blog.client.get('/1/update')).status, 200);
    await blog.client.post('/1/update', { data: { title: 'updated', body: '' } });
    assert.deepEqual(
      blog.query('SELECT title FROM post WHERE id = 1').map((r) => ({ ...(r as object) })),
      [{ title: 'updated' }],
    );
  });

  it('requires a title, keeping what was typed', async () => {
    await blog.login();
    const res = await blog.client.post('/create', { data: { title: '', body: 'kept body' } });
    assert.match(res.text, /Title is required\./);
    assert.match(res.text, /kept body/);
  });

  it('deletes a post', async () => {
    await blog.login();
    const res = await blog.client.post('/1/delete');
    assert.equal(res.location, '/');
    assert.equal(blog.query('SELECT * FROM post WHERE id = 1').length, 0);
  });
});
