// The blog's behaviour on PostgreSQL (DATABASE_URL), on a throwaway cluster.
import { after, describe } from 'node:test';
import { postgresBackend } from './fixtures.ts';
import { apiSuite } from './suite/api.ts';
import { authSuite } from './suite/auth.ts';
import { commentsSuite } from './suite/comments.ts';
import { pagesSuite } from './suite/pages.ts';
import { postsSuite } from './suite/posts.ts';

const backend = postgresBackend();
after(() => backend.close());

describe('the blog on PostgreSQL', { skip: backend.skip }, () => {
  describe('auth', () => authSuite(backend));
  describe('posts', () => postsSuite(backend));
  describe('comments', () => commentsSuite(backend));
  describe('api', () => apiSuite(backend));
  describe('pages', () => pagesSuite(backend));
});
