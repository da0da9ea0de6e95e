// Posts: the newest-first index, a post with its comments, and writing, editing and deleting.
import { currentUser, loginRequired } from '@flagon/auth';
import { abort, Blueprint, currentApp, flash, redirect, renderTemplate, urlFor } from 'flagon';
import { me } from './auth.ts';
import { db } from './db.ts';
import { CommentForm, ConfirmForm, PostForm } from './forms.ts';

export const blog = new Blueprint('blog', import.meta.url);

/** Posts with their author's name and their number of comments, newest first. */
export function postsQuery() {
  return db.query
    .selectFrom('post')
    .innerJoin('user', 'user.id', 'post.author_id')
    .select((eb) => [
      'post.id',
      'post.title',
      'post.body',
      'post.created',
      'post.author_id',
      'user.username',
      eb
        .selectFrom('comment')
        .select(eb.fn.countAll<number | string>().as('n'))
        .whereRef('comment.post_id', '=', 'post.id')
        .as('comments'),
    ])
    .orderBy('post.created', 'desc')
    .orderBy('post.id', 'desc');
}

/** The post with this id, with its author's name, or a 404. */
export async function getPost(id: number) {
  return db.firstOr404(postsQuery().where('post.id', '=', id), {
    description: `There is no post number ${id}. It may have been deleted.`,
  });
}

/** A post's comments with their authors' names, oldest first. */
function commentsOf(postId: number) {
  return db.query
    .selectFrom('comment')
    .innerJoin('user', 'user.id', 'comment.author_id')
    .select(['comment.id', 'comment.body', 'comment.created', 'comment.author_id', 'user.username'])
    .where('comment.post_id', '=', postId)
    .orderBy('comment.id')
    .execute();
}

/** The post, or 404; 403 unless the logged-in user wrote it or is an admin. */
async function getOwnPost(id: number) {
  const post = await getPost(id);
  if (!me().mayModerate(post.author_id)) {
    abort(403, 'Only the author of this post, or an administrator, may change it.');
  }
  return post;
}

blog.get('/', async function index() {
  const perPage = Number(currentApp.config.POSTS_PER_PAGE ?? 10);
  const page = await db.paginate(postsQuery(), { perPage });
  return renderTemplate('blog/index.html', { page });
});

blog.get('/<int:id>', async function show({ id }) {
  const post = await getPost(id);
  return renderTemplate('blog/post.html', {
    post,
    comments: await commentsOf(id),
    form: currentUser.isAuthenticated ? await CommentForm.fromRequest() : null,
    confirm: await ConfirmForm.fromRequest(),
  });
});

blog.route(
  '/create',
  { methods: ['GET', 'POST'] },
  loginRequired(async function create() {
    const form = await PostForm.fromRequest();
    if (await form.validateOnSubmit()) {
      const { title, body } = form.data;
      const { id } = await db.query
        .insertInto('post')
        .values({ title, body, author_id: me().id })
        .returning('id')
        .executeTakeFirstOrThrow();
      flash(`Your post “${title}” is published.`, 'success');
      return redirect(urlFor('blog.show', { id }));
    }
    if (form.isSubmitted()) flash('The post was not saved: please fix the errors below.', 'error');
    return renderTemplate('blog/create.html', { form });
  }),
);

blog.route(
  '/<int:id>/update',
  { methods: ['GET', 'POST'] },
  loginRequired(async function update({ id }) {
    const post = await getOwnPost(id);
    const form = await PostForm.fromRequest({ obj: post });
    if (await form.validateOnSubmit()) {
      const { title, body } = form.data;
      await db.query.updateTable('post').set({ title, body }).where('id', '=', id).execute();
      flash(`Your changes to “${title}” are saved.`, 'success');
      return redirect(urlFor('blog.show', { id }));
    }
    if (form.isSubmitted()) flash('The post was not saved: please fix the errors below.', 'error');
    return renderTemplate('blog/update.html', { post, form });
  }),
);

blog.route(
  '/<int:id>/delete',
  { methods: ['GET', 'POST'] },
  loginRequired(async function remove({ id }, request) {
    const post = await getOwnPost(id);
    // Without JavaScript there is no confirm() dialog: a GET asks on a page of its own, the POST deletes.
    if (request.method === 'GET') {
      return renderTemplate('blog/delete.html', { post, confirm: await ConfirmForm.fromRequest() });
    }
    // Comments go with the post; one transaction keeps both or neither.
    await db.transaction(async (trx) => {
      await trx.deleteFrom('comment').where('post_id', '=', id).execute();
      await trx.deleteFrom('post').where('id', '=', id).execute();
    });
    flash(`The post “${post.title}” was deleted.`, 'success');
    return redirect(urlFor('blog.index'));
  }),
);

blog.post(
  '/<int:id>/comment',
  loginRequired(async function comment({ id }) {
    const post = await getPost(id);
    const form = await CommentForm.fromRequest();
    if (await form.validate()) {
      await db.query
        .insertInto('comment')
        .values({ post_id: id, author_id: me().id, body: form.data.body })
        .execute();
      flash('Your comment was added.', 'success');
      return redirect(`${urlFor('blog.show', { id })}#comments`);
    }
    flash('The comment was not added: please fix the error below.', 'error');
    return renderTemplate('blog/post.html', {
      post,
      comments: await commentsOf(id),
      form,
      confirm: await ConfirmForm.fromRequest(),
    });
  }),
);

blog.post(
  '/comment/<int:id>/delete',
  loginRequired(async function removeComment({ id }) {
    const comment = await db.getOr404('comment', id, { description: `There is no comment number ${id}.` });
    if (!me().mayModerate(comment.author_id)) {
      abort(403, 'Only the author of this comment, or an administrator, may delete it.');
    }
    await db.query.deleteFrom('comment').where('id', '=', id).execute();
    flash('The comment was deleted.', 'success');
    return redirect(`${urlFor('blog.show', { id: comment.post_id })}#comments`);
  }),
);
