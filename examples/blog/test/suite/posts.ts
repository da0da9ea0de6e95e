// The index, a post's page, and writing, editing and deleting posts: own posts, others' (403), an admin's.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { db } from '../../src/db.ts';
import { type Backend, type BlogFixture, fieldErrors, flashes, makeBlog } from '../fixtures.ts';

function titles(html: string): string[] {
  return [...html.matchAll(/<h2><a href="\/\d+">([^<]*)<\/a><\/h2>/g)].map((m) => m[1]!);
}

export function postsSuite(backend: Backend): void {
  let blog: BlogFixture;
  beforeEach(async () => {
    blog = await makeBlog(backend);
  });
  afterEach(async () => {
    await blog.cleanup();
  });

  const countPosts = () =>
    blog.run(async () => (await db.query.selectFrom('post').select('id').execute()).length);

  describe('the index', () => {
    it('lists posts newest first with their author and date', async () => {
      await blog.addPost(2, 'newer', 'b', new Date('2020-05-06T07:08:00Z'));
      const res = await blog.client.get('/');
      assert.equal(res.status, 200);
      assert.deepEqual(titles(res.text), ['newer', 'test title']);
      assert.match(
        res.text,
        /by <strong>other<\/strong> on\s*<time datetime="2020-05-06T07:08:00.000Z">2020-05-06 07:08<\/time>/,
      );
      assert.match(
        res.text,
        /by <strong>test<\/strong> on\s*<time datetime="2018-01-01T00:00:00.000Z">2018-01-01 00:00<\/time>/,
      );
    });

    it('offers "Log in" and "Register" to visitors and no edit links', async () => {
      const res = await blog.client.get('/');
      assert.match(res.text, /href="\/auth\/login"/);
      assert.match(res.text, /href="\/auth\/register"/);
      assert.doesNotMatch(res.text, /href="\/1\/update"/);
    });

    it("shows an edit link on the user's own posts only", async () => {
      await blog.addPost(2, 'by other');
      await blog.login('test');
      const res = await blog.client.get('/');
      assert.match(res.text, /href="\/1\/update"/);
      assert.doesNotMatch(res.text, /href="\/2\/update"/);
    });

    it('shows an admin an edit link on every post', async () => {
      await blog.addPost(2, 'by other');
      await blog.login('admin');
      const res = await blog.client.get('/');
      assert.match(res.text, /href="\/1\/update"/);
      assert.match(res.text, /href="\/2\/update"/);
      assert.match(res.text, /<span class="badge">admin<\/span>/);
    });

    it('pages through posts ten at a time, with links both ways', async () => {
      for (let i = 1; i <= 11; i++) await blog.addPost(1, `post ${i}`, '', new Date(Date.UTC(2021, 0, i)));
      const first = await blog.client.get('/');
      assert.deepEqual(titles(first.text), [
        'post 11',
        'post 10',
        'post 9',
        'post 8',
        'post 7',
        'post 6',
        'post 5',
        'post 4',
        'post 3',
        'post 2',
      ]);
      assert.match(first.text, /<a href="\/\?page=2" rel="next">Older →<\/a>/);
      const second = await blog.client.get('/?page=2');
      assert.deepEqual(titles(second.text), ['post 1', 'test title']);
      assert.match(second.text, /<a href="\/\?page=1" rel="prev">← Newer<\/a>/);
      assert.match(second.text, /<strong aria-current="page">2<\/strong>/);
    });

    it('answers 404 for a page past the last and for a page that is not a number', async () => {
      assert.equal((await blog.client.get('/?page=5')).status, 404);
      assert.equal((await blog.client.get('/?page=abc')).status, 404);
    });

    it('shows titles and bodies as text, never as markup', async () => {
      await blog.addPost(1, '<script>alert(1)</script>', '<img src=x onerror=alert(1)>');
      const res = await blog.client.get('/');
      assert.doesNotMatch(res.text, /<script>alert|<img src=x/);
      assert.match(res.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    });
  });

  describe('a post page', () => {
    it('shows the post with its author, date and body', async () => {
      const res = await blog.client.get('/1');
      assert.equal(res.status, 200);
      assert.match(res.text, /<h1>test title<\/h1>/);
      assert.match(res.text, /<p class="body">test\nbody<\/p>/);
      assert.match(res.text, /<title>test title · Flagon blog<\/title>/);
    });

    it('answers a styled 404 for a post that does not exist', async () => {
      const res = await blog.client.get('/99');
      assert.equal(res.status, 404);
      assert.match(res.text, /There is no post number 99/);
      assert.match(res.text, /<a class="button" href="\/">Back to the posts<\/a>/);
    });
  });

  describe('writing a post', () => {
    it('needs a login', async () => {
      const res = await blog.client.get('/create');
      assert.equal(res.status, 302);
      assert.equal(res.location, '/auth/login?next=%2Fcreate');
    });

    it('publishes the post, flashes it and shows its page', async () => {
      await blog.login('test');
      const res = await blog.submit('/create', { title: 'created', body: 'hello' });
      assert.equal(res.status, 302);
      assert.equal(res.location, '/2');
      const page = await blog.client.get('/2');
      assert.deepEqual(flashes(page.text), ['success: Your post “created” is published.']);
      assert.match(page.text, /by <strong>test<\/strong>/);
      assert.equal(await countPosts(), 2);
    });

    it('keeps what was typed and shows the error inline when the title is missing', async () => {
      await blog.login('test');
      const res = await blog.submit('/create', { title: '   ', body: 'kept body' });
      assert.equal(res.status, 200);
      assert.deepEqual(fieldErrors(res.text, 'title'), ['Title is required.']);
      assert.match(res.text, /<textarea[^>]*>\s*kept body<\/textarea>/);
      assert.deepEqual(flashes(res.text), ['error: The post was not saved: please fix the errors below.']);
      assert.equal(await countPosts(), 1);
    });

    it('refuses a title longer than 200 characters', async () => {
      await blog.login('test');
      const res = await blog.submit('/create', { title: 'x'.repeat(201), body: '' });
      assert.deepEqual(fieldErrors(res.text, 'title'), ['Field cannot be longer than 200 characters.']);
    });

    it('refuses a post without the CSRF token', async () => {
      await blog.login('test');
      const res = await blog.client.post('/create', { data: { title: 'forged', body: '' } });
      assert.equal(res.status, 400);
      assert.match(res.text, /The CSRF token is missing\./);
      assert.equal(await countPosts(), 1);
    });
  });

  describe('editing a post', () => {
    it('shows the form filled with the post', async () => {
      await blog.login('test');
      const res = await blog.client.get('/1/update');
      assert.equal(res.status, 200);
      assert.match(res.text, /name="title"[^>]*value="test title"/);
      assert.match(res.text, /<textarea[^>]*>\s*test\nbody<\/textarea>/);
    });

    it('saves the changes and flashes it', async () => {
      await blog.login('test');
      const res = await blog.submit('/1/update', { title: 'updated', body: 'new body' });
      assert.equal(res.location, '/1');
      const page = await blog.client.get('/1');
      assert.deepEqual(flashes(page.text), ['success: Your changes to “updated” are saved.']);
      assert.match(page.text, /<p class="body">new body<\/p>/);
    });

    it('shows the error inline and keeps the post as it was when the title is blank', async () => {
      await blog.login('test');
      const res = await blog.submit('/1/update', { title: '', body: 'x' });
      assert.deepEqual(fieldErrors(res.text, 'title'), ['Title is required.']);
      const page = await blog.client.get('/1');
      assert.match(page.text, /<h1>test title<\/h1>/);
    });

    it("answers 403 for someone else's post, on the form and on a submission", async () => {
      await blog.login('other');
      const form = await blog.client.get('/1/update');
      assert.equal(form.status, 403);
      assert.match(form.text, /Only the author of this post, or an administrator, may change it\./);
      const res = await blog.submit('/1/update', { title: 'hijacked', body: '' });
      assert.equal(res.status, 403);
      const page = await blog.client.get('/1');
      assert.match(page.text, /<h1>test title<\/h1>/);
    });

    it('lets an admin edit anyone’s post', async () => {
      await blog.login('admin');
      const res = await blog.submit('/1/update', { title: 'moderated', body: '' });
      assert.equal(res.status, 302);
      assert.match((await blog.client.get('/1')).text, /<h1>moderated<\/h1>/);
    });

    it('answers 404 for a post that does not exist', async () => {
      await blog.login('test');
      assert.equal((await blog.client.get('/99/update')).status, 404);
    });
  });

  describe('deleting a post', () => {
    it('deletes the post with its comments and flashes it', async () => {
      await blog.login('test');
      await blog.submit('/1/comment', { body: 'first' });
      const res = await blog.submit('/1/delete');
      assert.equal(res.status, 302);
      assert.equal(res.location, '/');
      assert.equal(await countPosts(), 0);
      const index = await blog.client.get('/');
      assert.deepEqual(flashes(index.text), ['success: The post “test title” was deleted.']);
      const comments = await blog.run(() => db.query.selectFrom('comment').select('id').execute());
      assert.deepEqual(comments, []);
    });

    it("answers 403 for someone else's post and keeps it", async () => {
      await blog.login('other');
      assert.equal((await blog.submit('/1/delete')).status, 403);
      assert.equal(await countPosts(), 1);
    });

    it('lets an admin delete anyone’s post', async () => {
      await blog.login('admin');
      assert.equal((await blog.submit('/1/delete')).status, 302);
      assert.equal(await countPosts(), 0);
    });

    it('asks on a page of its own first: a GET deletes nothing', async () => {
      await blog.login('test');
      const res = await blog.client.get('/1/delete');
      assert.equal(res.status, 200);
      assert.match(res.text, /<h1>Delete “test title”\?<\/h1>/);
      assert.match(res.text, /<form method="post" action="\/1\/delete" class="inline">/);
      assert.equal(await countPosts(), 1);
    });

    it("answers 403 on the confirmation page of someone else's post", async () => {
      await blog.login('other');
      assert.equal((await blog.client.get('/1/delete')).status, 403);
    });

    it('needs a login', async () => {
      const res = await blog.submit('/1/delete');
      assert.equal(res.status, 302);
      assert.equal(await countPosts(), 1);
    });
  });
}
