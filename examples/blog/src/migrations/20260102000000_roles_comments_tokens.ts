// What the finished blog adds to the tutorial: a role per user (`admin` moderates every post), the hash of
// the user's API token, comments, and an index for the newest-first listing.
import { dialectOf, type Kysely, sql } from '@flagon/sql';

// biome-ignore lint/suspicious/noExplicitAny: a migration runs against the schema as it was then, not today's types.
export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = dialectOf(db) === 'postgres';
  await db.schema
    .alterTable('user')
    .addColumn('role', 'text', (col) => col.notNull().defaultTo('user'))
    .execute();
  // Only a SHA-256 of the token is kept: a copy of the database gives nobody API access.
  await db.schema.alterTable('user').addColumn('api_token_hash', 'text').execute();
  await db.schema.createIndex('user_api_token_hash').unique().on('user').column('api_token_hash').execute();
  await db.schema.createIndex('post_created').on('post').columns(['created', 'id']).execute();
  await db.schema
    .createTable('comment')
    .addColumn('id', isPostgres ? 'serial' : 'integer', (col) => col.primaryKey())
    .addColumn('post_id', 'integer', (col) => col.notNull().references('post.id').onDelete('cascade'))
    .addColumn('author_id', 'integer', (col) => col.notNull().references('user.id'))
    .addColumn('created', isPostgres ? 'timestamptz' : 'timestamp', (col) =>
      col.notNull().defaultTo(sql`CURRENT_TIMESTAMP`),
    )
    .addColumn('body', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('comment_post').on('comment').columns(['post_id', 'id']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('comment').execute();
  await db.schema.dropIndex('post_created').execute();
  await db.schema.dropIndex('user_api_token_hash').execute();
  await db.schema.alterTable('user').dropColumn('api_token_hash').execute();
  await db.schema.alterTable('user').dropColumn('role').execute();
}
