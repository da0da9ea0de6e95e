// The tutorial's two tables. `ifNotExists`: a database made by the old schema.sql (flaskr.sqlite) has them
// already, with the same columns, and is adopted as it is, its users' password hashes included.
import { dialectOf, type Kysely, sql } from '@flagon/sql';

// biome-ignore lint/suspicious/noExplicitAny: a migration runs against the schema as it was then, not today's types.
export async function up(db: Kysely<any>): Promise<void> {
  const id = dialectOf(db) === 'postgres' ? 'serial' : 'integer';
  await db.schema
    .createTable('user')
    .ifNotExists()
    .addColumn('id', id, (col) => col.primaryKey())
    .addColumn('username', 'text', (col) => col.notNull().unique())
    .addColumn('password', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('post')
    .ifNotExists()
    .addColumn('id', id, (col) => col.primaryKey())
    .addColumn('author_id', 'integer', (col) => col.notNull().references('user.id'))
    .addColumn('created', dialectOf(db) === 'postgres' ? 'timestamptz' : 'timestamp', (col) =>
      col.notNull().defaultTo(sql`CURRENT_TIMESTAMP`),
    )
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('post').execute();
  await db.schema.dropTable('user').execute();
}
