// Type-level promises of @flagon/sql, checked by `npm run typecheck` (never run).

import { SQL } from '@flagon/sql';
import { Flagon } from 'flagon';
import type { Database } from '../support/databases.ts';

const app = new Flagon(import.meta.url);
const db = new SQL<Database>(app);

export async function checks(): Promise<void> {
  const post = await db.getOr404('post', 1);
  const title: string = post.title;
  // @ts-expect-error getOr404 types the row from the table: posts have no username.
  post.username;
  // @ts-expect-error only tables of the schema can be named.
  await db.getOr404('comment', 1);

  // @ts-expect-error columns are checked against the table.
  db.query.selectFrom('post').select('nope');

  const page = await db.paginate(db.query.selectFrom('post').select(['id', 'title']).orderBy('id'));
  const first: { id: number; title: string } | undefined = page.items[0];
  // @ts-expect-error the page's rows have only the selected columns.
  page.items[0]?.body;

  const rows = await db.query.selectFrom('post').selectAll().execute();
  const withAuthors = await db.withOne(rows, { table: 'user', foreignKey: 'author_id', as: 'author' });
  const name: string | undefined = withAuthors[0]?.author?.username;
  // @ts-expect-error the related row is typed from its table.
  withAuthors[0]?.author?.title;

  await db.transaction(async (trx) => {
    // @ts-expect-error inserts are checked: a post needs a title.
    await trx.insertInto('post').values({ author_id: 1 }).execute();
  });
  void [title, first, name];
}
