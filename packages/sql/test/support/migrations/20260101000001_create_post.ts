import { dialectOf, type Kysely, sql } from '@flagon/sql';

// biome-ignore lint/suspicious/noExplicitAny: migrations do not use the app's table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('post')
    .addColumn('id', dialectOf(db) === 'postgres' ? 'serial' : 'integer', (col) => col.primaryKey())
    .addColumn('author_id', 'integer', (col) => col.notNull().references('user.id'))
    .addColumn('title', 'varchar(200)', (col) => col.notNull().check(sql`length(title) > 0`))
    .addColumn('body', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('created', 'timestamp', (col) => col.notNull().defaultTo(sql`CURRENT_TIMESTAMP`))
    .execute();
  await db.schema.createIndex('post_author_id').on('post').column('author_id').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('post').execute();
}
