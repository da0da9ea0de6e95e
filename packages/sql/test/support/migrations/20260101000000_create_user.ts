import { dialectOf, type Kysely } from '@flagon/sql';

// biome-ignore lint/suspicious/noExplicitAny: migrations do not use the app's table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('user')
    .addColumn('id', dialectOf(db) === 'postgres' ? 'serial' : 'integer', (col) => col.primaryKey())
    .addColumn('username', 'varchar(80)', (col) => col.notNull().unique())
    .addColumn('password', 'varchar(200)', (col) => col.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('user').execute();
}
