// Comments on a post: from logged-in users only, validated, deletable by their author or an admin.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { db } from '../../src/db.ts';
import { type Backend, type BlogFixture, fieldErrors, flashes, makeBlog } from '../fixtures.ts';

export function commentsSuite(backend: Backend): void {
  let blog: BlogFixture;
  beforeEach(async () => {
    blog = await makeBlog(backend);
  });
  afterEach(async () => {
    await blog.cleanup();
  });

  // Rows come back as null-prototype objects on SQLite; spread into plain ones to compare.
  const comments = async () =>
    (
      await blog.run(() =>
        db.query.selectFrom('comment').select(['id', 'body', 'author_id']).orderBy('id').execute(),
      )
    ).map((row) => ({ ...row }));

  describe('commenting', () => {
    it('asks visitors to log in instead of showing the form', async () => {
      const res = await blog.client.get('/1');
      assert.doesNotMatch(res.text, /<textarea/);
      assert.match(res.text, /<a href="\/auth\/login\?next=%2F1">Log in<\/a> to comment\./);
    });

    it('adds the comment under the post, with its author, and flashes it', async () => {
      await blog.login('other');
      const res = await blog.submit('/1/comment', { body: 'Nice <post>!' });
      assert.equal(res.status, 302);
      assert.equal(res.location, '/1#comments');
      const page = await blog.client.get('/1');
      assert.deepEqual(flashes(page.text), ['success: Your comment was added.']);
      assert.match(page.text, /<h2>Comments \(1\)<\/h2>/);
      assert.match(page.text, /<strong>other<\/strong> on/);
      assert.match(page.text, /<p class="body">Nice &lt;post&gt;!<\/p>/);
      assert.deepEqual(await comments(), [{ id: 1, body: 'Nice <post>!', author_id: 2 }]);
    });

    it('counts comments on the index', async () => {
      await blog.login('other');
      await blog.submit('/1/comment', { body: 'one' });
      await blog.submit('/1/comment', { body: 'two' });
      assert.match((await blog.client.get('/')).text, /<a href="\/1#comments">2 comments<\/a>/);
    });

    it('shows the error inline for a blank comment and adds nothing', async () => {
      await blog.login('other');
      const res = await blog.submit('/1/comment', { body: '   ' });
      assert.equal(res.status, 200);
      assert.deepEqual(fieldErrors(res.text, 'body'), ['Write something first.']);
      assert.deepEqual(flashes(res.text), ['error: The comment was not added: please fix the error below.']);
      assert.deepEqual(await comments(), []);
    });

    it('refuses a comment longer than 2000 characters', async () => {
      await blog.login('other');
      const res = await blog.submit('/1/comment', { body: 'x'.repeat(2001) });
      assert.deepEqual(fieldErrors(res.text, 'body'), ['Field cannot be longer than 2000 characters.']);
    });

    it('sends a visitor who posts a comment to the login page', async () => {
      const res = await blog.submit('/1/comment', { body: 'anonymous' });
      assert.equal(res.status, 302);
      assert.match(res.location ?? '', /^\/auth\/login\?next=/);
      assert.deepEqual(await comments(), []);
    });

    it('answers 404 for a comment on a post that does not exist', async () => {
      await blog.login('other');
      assert.equal((await blog.submit('/99/comment', { body: 'lost' })).status, 404);
    });
  });

  describe('deleting a comment', () => {
    beforeEach(async () => {
      await blog.login('other');
      await blog.submit('/1/comment', { body: 'by other' });
      await blog.submit('/auth/logout');
    });

    it('lets its author delete it', async () => {
      await blog.login('other');
      const res = await blog.submit('/comment/1/delete');
      assert.equal(res.location, '/1#comments');
      assert.deepEqual(await comments(), []);
      assert.deepEqual(flashes((await blog.client.get('/1')).text), ['success: The comment was deleted.']);
    });

    it("answers 403 to someone else, even the post's author", async () => {
      await blog.login('test');
      assert.equal((await blog.submit('/comment/1/delete')).status, 403);
      assert.equal((await comments()).length, 1);
    });

    it('lets an admin delete it', async () => {
      await blog.login('admin');
      assert.equal((await blog.submit('/comment/1/delete')).status, 302);
      assert.deepEqual(await comments(), []);
    });

    it('answers 404 for a comment that does not exist', async () => {
      await blog.login('admin');
      assert.equal((await blog.submit('/comment/99/delete')).status, 404);
    });
  });
}
