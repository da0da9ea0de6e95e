// The blog's two tables, shared by the SQL bench servers and the script that seeds them.
import { dialectOf, type Generated, type Kysely, sql } from '@flagon/sql';

export interface BenchDatabase {
  user: { id: Generated<number>; username: string; password: string };
  post: { id: Generated<number>; author_id: number; title: string; body: string; created: Generated<string> };
}

/** The blog's index query: the 20 newest posts with their authors' names, one join. */
export function indexQuery(db: Kysely<BenchDatabase>) {
  return db
    .selectFrom('post')
    .innerJoin('user', 'user.id', 'post.author_id')
    .select(['post.id', 'post.title', 'post.body', 'post.created', 'user.username'])
    .orderBy('post.created', 'desc')
    .orderBy('post.id', 'desc')
    .limit(20);
}

/** Creates the tables and fills them: 10 users, 1,000 posts (a few with characters to escape). */
// biome-ignore lint/suspicious/noExplicitAny: the schema is created before it can be typed.
export async function seed(db: Kysely<any>): Promise<void> {
  const id = dialectOf(db) === 'postgres' ? 'serial' : 'integer';
  await db.schema
    .createTable('user')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('username', 'varchar(80)', (c) => c.notNull().unique())
    .addColumn('password', 'varchar(200)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('post')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('author_id', 'integer', (c) => c.notNull().references('user.id'))
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('post_created').on('post').columns(['created', 'id']).execute();
  await db
    .insertInto('user')
    .values(Array.from({ length: 10 }, (_, i) => ({ username: `user${i}`, password: 'pbkdf2:sha256:x' })))
    .execute();
  const start = Date.UTC(2026, 0, 1);
  for (let chunk = 0; chunk < 10; chunk++) {
    await db
      .insertInto('post')
      .values(
        Array.from({ length: 100 }, (_, j) => {
          const i = chunk * 100 + j;
          return {
            author_id: (i % 10) + 1,
            title: i % 7 === 0 ? `Post <${i}> & "friends"` : `Post number ${i}`,
            body: `This is the body of post ${i}. `.repeat(8),
            created: new Date(start + i * 60_000).toISOString(),
          };
        }),
      )
      .execute();
  }
  await sql`analyze`.execute(db).catch(() => {});
}
