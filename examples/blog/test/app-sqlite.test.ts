// The blog's behaviour on SQLite, the database `npm start` uses on a fresh clone.
import { after, describe } from 'node:test';
import { sqliteBackend } from './fixtures.ts';
import { apiSuite } from './suite/api.ts';
import { authSuite } from './suite/auth.ts';
import { commentsSuite } from './suite/comments.ts';
import { pagesSuite } from './suite/pages.ts';
import { postsSuite } from './suite/posts.ts';

const backend = sqliteBackend();
after(() => backend.close());

describe('the blog on SQLite', () => {
  describe('auth', () => authSuite(backend));
  describe('posts', () => postsSuite(backend));
  describe('comments', () => commentsSuite(backend));
  describe('api', () => apiSuite(backend));
  describe('pages', () => pagesSuite(backend));
});
