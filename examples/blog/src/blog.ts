// Listing, writing, editing and deleting posts (the tutorial's blog blueprint).
import { abort, Blueprint, flash, g, redirect, renderTemplate, urlFor } from 'flagon';
import { loginRequired } from './auth.ts';
import { getDb } from './db.ts';

interface Post {
  id: number;
  title: string;
  body: string;
  created: string;
  author_id: number;
  username: string;
}

export const blog = new Blueprint('blog', import.meta.url);

blog.get('/', function index() {
  const posts = getDb()
    .prepare(
      'SELECT p.id, title, body, created, author_id, username FROM post p JOIN user u ON p.author_id = u.id ORDER BY created DESC, p.id DESC',
    )
    .all();
  return renderTemplate('blog/index.html', { posts });
});

/** The post, or 404; 403 unless the logged-in user wrote it (when `checkAuthor`). */
function getPost(id: number, checkAuthor = true): Post {
  const post = getDb()
    .prepare(
      'SELECT p.id, title, body, created, author_id, username FROM post p JOIN user u ON p.author_id = u.id WHERE p.id = ?',
    )
    .get(id) as Post | undefined;
  if (post === undefined) abort(404, `Post id ${id} doesn't exist.`);
  if (checkAuthor && post.author_id !== g.user?.id) abort(403);
  return post;
}

async function readPostForm(
  request: import('flagon').Request,
): Promise<{ title: string; body: string; error: string | null }> {
  const form = await request.form;
  const title = (form.get('title') ?? '').trim();
  const body = form.get('body') ?? '';
  return { title, body, error: title ? null : 'Title is required.' };
}

blog.route(
  '/create',
  { methods: ['GET', 'POST'] },
  loginRequired(async function create(_params, request) {
    // What the user typed comes back into the form when it has to be fixed.
    const values = { title: '', body: '' };
    if (request.method === 'POST') {
      const { title, body, error } = await readPostForm(request);
      if (error === null) {
        getDb()
          .prepare('INSERT INTO post (title, body, author_id) VALUES (?, ?, ?)')
          .run(title, body, g.user?.id ?? null);
        return redirect(urlFor('blog.index'));
      }
      Object.assign(values, { title, body });
      flash(error);
    }
    return renderTemplate('blog/create.html', { values });
  }),
);

blog.route(
  '/<int:id>/update',
  { methods: ['GET', 'POST'] },
  loginRequired(async function update({ id }, request) {
    const post = getPost(id);
    if (request.method === 'POST') {
      const { title, body, error } = await readPostForm(request);
      if (error === null) {
        getDb().prepare('UPDATE post SET title = ?, body = ? WHERE id = ?').run(title, body, id);
        return redirect(urlFor('blog.index'));
      }
      flash(error);
    }
    return renderTemplate('blog/update.html', { post });
  }),
);

blog.post(
  '/<int:id>/delete',
  loginRequired(function remove({ id }) {
    getPost(id);
    getDb().prepare('DELETE FROM post WHERE id = ?').run(id);
    return redirect(urlFor('blog.index'));
  }),
);
