// The JSON API under /api: anyone may list and read posts; writing takes the Bearer token from the settings page.
import { HTTPTokenAuth } from '@flagon/auth';
import type { Selectable } from '@flagon/sql';
import { abort, Blueprint, jsonify, type Request, Response, urlFor } from 'flagon';
import { hashApiToken } from './auth.ts';
import { getPost, postsQuery } from './blog.ts';
import { db, type PostTable, toDate } from './db.ts';
import { PostForm } from './forms.ts';
import { User } from './users.ts';

export const api = new Blueprint('api', import.meta.url, { urlPrefix: '/api' });

/** Bearer tokens, checked against the SHA-256 kept in `user.api_token_hash`. */
export const tokenAuth = new HTTPTokenAuth<User>({ scheme: 'Bearer', realm: 'blog api' });

tokenAuth.verifyToken(async (token) => {
  // Tokens are 43 base64url characters; anything else is not worth a query.
  if (!/^[\w-]{43}$/.test(token)) return null;
  const row = await db.query
    .selectFrom('user')
    .selectAll()
    .where('api_token_hash', '=', hashApiToken(token))
    .executeTakeFirst();
  return row === undefined ? null : new User(row);
});

tokenAuth.errorHandler((status, reason) => {
  const message =
    reason === 'missing'
      ? 'This needs an API token: send "Authorization: Bearer <token>" (issue one on your settings page).'
      : reason === 'forbidden'
        ? 'Your token does not allow this.'
        : 'The API token is not valid: it may have been revoked. Issue a new one on your settings page.';
  return jsonResponse({ error: message, status }, status);
});

/** A JSON response with another status than 200. */
export function jsonResponse(value: unknown, status: number): Response {
  const response = jsonify(value);
  response.status = status;
  return response;
}

type PostRow = Awaited<ReturnType<typeof getPost>>;

/** A post as the API shows it. */
function postJson(post: PostRow) {
  return {
    id: post.id,
    title: post.title,
    body: post.body,
    created: toDate(post.created).toISOString(),
    author: { id: post.author_id, username: post.username },
    comments: Number(post.comments ?? 0),
    url: urlFor('api.readPost', { id: post.id, _external: true }),
    html_url: urlFor('blog.show', { id: post.id, _external: true }),
  };
}

api.get('/posts', async function listPosts(_params, request) {
  const page = await db.paginate(postsQuery());
  // The links keep the page size the client asked for.
  const perPage = request.args.get('per_page');
  const link = (n: number) =>
    urlFor('api.listPosts', {
      page: n,
      ...(perPage === undefined ? {} : { per_page: perPage }),
      _external: true,
    });
  return {
    posts: page.items.map(postJson),
    page: page.page,
    per_page: page.perPage,
    pages: page.pages,
    total: page.total,
    next: page.hasNext && page.nextNum !== null ? link(page.nextNum) : null,
    prev: page.hasPrev && page.prevNum !== null ? link(page.prevNum) : null,
  };
});

api.get('/posts/<int:id>', async function readPost({ id }) {
  return postJson(await getPost(id));
});

/** The JSON object of the request, merged over `base` (PATCH); a 400 for anything but an object. */
async function readPostInput(request: Request, base: Partial<Selectable<PostTable>> = {}) {
  const body = await request.getJson();
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    abort(400, 'Send a JSON object such as {"title": "…", "body": "…"}.');
  }
  const form = PostForm.create({ formdata: { title: base.title, body: base.body, ...body }, csrf: false });
  if (!(await form.validate())) {
    return { errors: form.errors, data: null } as const;
  }
  return { errors: null, data: form.data } as const;
}

function invalid(errors: Record<string, string[]>): Response {
  return jsonResponse({ error: 'The post is not valid.', errors, status: 400 }, 400);
}

/** The post, or 404; 403 unless the token's owner wrote it or is an admin. */
async function ownPost(id: number): Promise<PostRow> {
  const post = await getPost(id);
  if (!tokenAuth.currentUser()?.mayModerate(post.author_id)) {
    abort(403, 'Only the author of this post, or an administrator, may change it.');
  }
  return post;
}

api.post(
  '/posts',
  tokenAuth.loginRequired(async function createPost(_params, request) {
    const { errors, data } = await readPostInput(request);
    if (errors !== null) return invalid(errors);
    const { id } = await db.query
      .insertInto('post')
      .values({ title: data.title, body: data.body, author_id: tokenAuth.currentUser()!.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    const response = jsonResponse(postJson(await getPost(id)), 201);
    response.headers.set('Location', urlFor('api.readPost', { id, _external: true }));
    return response;
  }),
);

api.route(
  '/posts/<int:id>',
  { methods: ['PUT', 'PATCH'] },
  tokenAuth.loginRequired(async function updatePost({ id }, request) {
    const post = await ownPost(id);
    const { errors, data } = await readPostInput(request, request.method === 'PATCH' ? post : {});
    if (errors !== null) return invalid(errors);
    await db.query
      .updateTable('post')
      .set({ title: data.title, body: data.body })
      .where('id', '=', id)
      .execute();
    return postJson(await getPost(id));
  }),
);

api.delete(
  '/posts/<int:id>',
  tokenAuth.loginRequired(async function deletePost({ id }) {
    await ownPost(id);
    await db.transaction(async (trx) => {
      await trx.deleteFrom('comment').where('post_id', '=', id).execute();
      await trx.deleteFrom('post').where('id', '=', id).execute();
    });
    return new Response(null, { status: 204 });
  }),
);
