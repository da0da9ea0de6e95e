// The JSON API: public reading, token-authenticated writing (HTTPTokenAuth), tokens from the settings page.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { type Backend, type BlogFixture, flashes, makeBlog } from '../fixtures.ts';

interface PostJson {
  id: number;
  title: string;
  body: string;
  created: string;
  author: { id: number; username: string };
  comments: number;
  url: string;
  html_url: string;
}

export function apiSuite(backend: Backend): void {
  let blog: BlogFixture;
  beforeEach(async () => {
    blog = await makeBlog(backend);
  });
  afterEach(async () => {
    await blog.cleanup();
  });

  /** Logs `username` in, issues a token on the settings page and reads it from the page. */
  async function tokenFor(username: 'test' | 'other' | 'admin'): Promise<string> {
    await blog.login(username);
    const page = await blog.submit('/auth/settings/token');
    const token = /<input id="token" class="token" value="([^"]+)" readonly>/.exec(page.text)?.[1];
    assert.ok(token, 'no token on the settings page');
    await blog.submit('/auth/logout');
    return token;
  }
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  describe('reading', () => {
    it('lists posts newest first with their author, as JSON, without a token', async () => {
      await blog.addPost(2, 'newer', 'b', new Date('2020-01-01T00:00:00Z'));
      const res = await blog.client.get('/api/posts');
      assert.equal(res.status, 200);
      assert.equal(res.mimetype, 'application/json');
      const body = res.json as { posts: PostJson[]; total: number; page: number; pages: number; next: null };
      assert.deepEqual(
        body.posts.map((post) => [post.title, post.author.username, post.created]),
        [
          ['newer', 'other', '2020-01-01T00:00:00.000Z'],
          ['test title', 'test', '2018-01-01T00:00:00.000Z'],
        ],
      );
      assert.equal(body.total, 2);
      assert.equal(body.next, null);
      assert.equal(body.posts[0]?.url, 'http://localhost/api/posts/2');
      assert.equal(body.posts[0]?.html_url, 'http://localhost/2');
    });

    it('pages with ?page and ?per_page and links the next page', async () => {
      await blog.addPost(1, 'second');
      const res = await blog.client.get('/api/posts?per_page=1');
      const body = res.json as { posts: PostJson[]; pages: number; next: string };
      assert.equal(body.posts.length, 1);
      assert.equal(body.pages, 2);
      assert.equal(body.next, 'http://localhost/api/posts?page=2&per_page=1');
    });

    it('reads one post', async () => {
      const res = await blog.client.get('/api/posts/1');
      assert.equal(res.status, 200);
      const post = res.json as PostJson;
      assert.deepEqual(
        [post.id, post.title, post.body, post.author],
        [1, 'test title', 'test\nbody', { id: 1, username: 'test' }],
      );
    });

    it('answers 404 as JSON for a post that does not exist and for an unknown URL', async () => {
      const missing = await blog.client.get('/api/posts/99');
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.json, {
        error: 'There is no post number 99. It may have been deleted.',
        status: 404,
      });
      const unknown = await blog.client.get('/api/nothing');
      assert.equal(unknown.status, 404);
      assert.equal(unknown.mimetype, 'application/json');
    });
  });

  describe('tokens', () => {
    it('are issued on the settings page, shown once and stored only as a hash', async () => {
      await blog.login('test');
      const settings = await blog.client.get('/auth/settings');
      assert.match(settings.text, /You have no token yet\./);
      const issued = await blog.submit('/auth/settings/token');
      const token = /<input id="token" class="token" value="([\w-]{43})" readonly>/.exec(issued.text)?.[1];
      assert.ok(token);
      assert.deepEqual(flashes(issued.text), [
        'success: A new API token was issued; any previous one no longer works. Copy it now: it is shown once.',
      ]);
      const again = await blog.client.get('/auth/settings');
      assert.doesNotMatch(again.text, new RegExp(token));
      assert.match(again.text, /You have a token\./);
    });

    it('need a login to be issued', async () => {
      const res = await blog.submit('/auth/settings/token');
      assert.equal(res.status, 302);
      assert.match(res.location ?? '', /^\/auth\/login/);
    });

    it('stop working once revoked', async () => {
      const token = await tokenFor('test');
      await blog.login('test');
      const res = await blog.submit('/auth/settings/token/revoke');
      assert.equal(res.location, '/auth/settings');
      assert.deepEqual(flashes((await blog.client.get('/auth/settings')).text), [
        'success: Your API token was revoked.',
      ]);
      const refused = await blog.client.post('/api/posts', { json: { title: 'x' }, headers: bearer(token) });
      assert.equal(refused.status, 401);
    });

    it('stop working once a new one is issued', async () => {
      const old = await tokenFor('test');
      await tokenFor('test');
      const refused = await blog.client.post('/api/posts', { json: { title: 'x' }, headers: bearer(old) });
      assert.equal(refused.status, 401);
    });
  });

  describe('writing', () => {
    it('answers 401 with a Bearer challenge and a JSON reason without a token', async () => {
      const res = await blog.client.post('/api/posts', { json: { title: 'x', body: '' } });
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="blog api"');
      assert.match((res.json as { error: string }).error, /This needs an API token/);
    });

    it('answers 401 for a wrong token', async () => {
      const res = await blog.client.post('/api/posts', {
        json: { title: 'x' },
        headers: bearer('A'.repeat(43)),
      });
      assert.equal(res.status, 401);
      assert.match((res.json as { error: string }).error, /not valid/);
    });

    it('creates a post with a token, without a CSRF token: 201 with its location', async () => {
      const token = await tokenFor('other');
      const res = await blog.client.post('/api/posts', {
        json: { title: 'From the API', body: 'hello' },
        headers: bearer(token),
      });
      assert.equal(res.status, 201);
      assert.equal(res.headers.get('location'), 'http://localhost/api/posts/2');
      const post = res.json as PostJson;
      assert.deepEqual([post.title, post.body, post.author.username], ['From the API', 'hello', 'other']);
      const page = await blog.client.get('/2');
      assert.match(page.text, /<h1>From the API<\/h1>/);
    });

    it('answers 400 with the field errors for an invalid post', async () => {
      const token = await tokenFor('test');
      const res = await blog.client.post('/api/posts', {
        json: { title: '', body: 'x' },
        headers: bearer(token),
      });
      assert.equal(res.status, 400);
      assert.deepEqual(res.json, {
        error: 'The post is not valid.',
        errors: { title: ['Title is required.'] },
        status: 400,
      });
    });

    it('answers 400 for a body that is not a JSON object', async () => {
      const token = await tokenFor('test');
      const list = await blog.client.post('/api/posts', { json: ['x'], headers: bearer(token) });
      assert.equal(list.status, 400);
      const broken = await blog.client.post('/api/posts', {
        body: '{"title":',
        headers: { ...bearer(token), 'Content-Type': 'application/json' },
      });
      assert.equal(broken.status, 400);
      assert.equal(broken.mimetype, 'application/json');
    });

    it('replaces a post with PUT and changes one field with PATCH', async () => {
      const token = await tokenFor('test');
      const put = await blog.client.put('/api/posts/1', {
        json: { title: 'put', body: 'new' },
        headers: bearer(token),
      });
      assert.equal(put.status, 200);
      assert.deepEqual([(put.json as PostJson).title, (put.json as PostJson).body], ['put', 'new']);
      const patch = await blog.client.patch('/api/posts/1', {
        json: { title: 'patched' },
        headers: bearer(token),
      });
      assert.deepEqual([(patch.json as PostJson).title, (patch.json as PostJson).body], ['patched', 'new']);
    });

    it("answers 403 for someone else's post", async () => {
      const token = await tokenFor('other');
      const put = await blog.client.put('/api/posts/1', { json: { title: 'no' }, headers: bearer(token) });
      assert.equal(put.status, 403);
      assert.equal(put.mimetype, 'application/json');
      const del = await blog.client.delete('/api/posts/1', { headers: bearer(token) });
      assert.equal(del.status, 403);
      assert.equal((await blog.client.get('/api/posts/1')).status, 200);
    });

    it("lets an admin's token change and delete any post", async () => {
      const token = await tokenFor('admin');
      const patch = await blog.client.patch('/api/posts/1', {
        json: { title: 'moderated' },
        headers: bearer(token),
      });
      assert.equal(patch.status, 200);
      const del = await blog.client.delete('/api/posts/1', { headers: bearer(token) });
      assert.equal(del.status, 204);
      assert.equal(del.body.length, 0);
      assert.equal((await blog.client.get('/api/posts/1')).status, 404);
    });

    it('answers 404 when changing a post that does not exist', async () => {
      const token = await tokenFor('test');
      assert.equal((await blog.client.delete('/api/posts/99', { headers: bearer(token) })).status, 404);
    });

    it('answers 405 as JSON with Allow for a method the URL does not take', async () => {
      const res = await blog.client.delete('/api/posts');
      assert.equal(res.status, 405);
      assert.match(res.headers.get('allow') ?? '', /GET/);
      assert.equal(res.mimetype, 'application/json');
    });
  });
}
