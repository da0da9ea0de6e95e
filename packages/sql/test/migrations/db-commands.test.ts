import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SQL } from '@flagon/sql';
import { Flagon } from 'flagon';
import { type Database, databases } from '../support/databases.ts';

const root = mkdtempSync(join(tmpdir(), 'flagon-migrations-'));
after(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;

const USERS = `
export async function up(db) {
  await db.schema.createTable('user').addColumn('id', 'integer', (col) => col.primaryKey()).addColumn('username', 'varchar(80)').execute();
}
export async function down(db) {
  await db.schema.dropTable('user').execute();
}
`;
const POSTS = `
export async function up(db) {
  await db.schema.createTable('post').addColumn('id', 'integer', (col) => col.primaryKey()).addColumn('title', 'varchar(80)').execute();
}
export async function down(db) {
  await db.schema.dropTable('post').execute();
}
`;

async function makeApp(url: string): Promise<{ app: Flagon; db: SQL<Database>; folder: string }> {
  const folder = join(root, `migrations${++folders}`);
  const app = new Flagon(import.meta.url, { config: { DATABASE_URL: url } });
  const db = new SQL<Database>(app, { migrationsFolder: folder });
  after(() => db.dispose(app));
  return { app, db, folder };
}

async function run(app: Flagon, args: string[]): Promise<string> {
  const result = await app.testCliRunner().invoke(args);
  assert.equal(
    result.exitCode,
    0,
    `${args.join(' ')}: ${result.stdout}${result.stderr}${String(result.exception)}`,
  );
  return result.stdout;
}

async function tables(app: Flagon, db: SQL<Database>): Promise<string[]> {
  const all = await app.appContext().run(() => db.engine.introspection.getTables());
  return all.map((table) => table.name).filter((name) => !name.startsWith('kysely_'));
}

/** A folder with two migrations: create_user, then create_post. */
async function withTwoMigrations(url: string): Promise<{ app: Flagon; db: SQL<Database>; names: string[] }> {
  const { app, db, folder } = await makeApp(url);
  await run(app, ['db', 'init']);
  writeFileSync(join(folder, '20260101000000_create_user.js'), USERS);
  writeFileSync(join(folder, '20260101000001_create_post.js'), POSTS);
  return { app, db, names: ['20260101000000_create_user', '20260101000001_create_post'] };
}

for (const database of databases()) {
  describe(`flagon db on ${database.name}`, { skip: database.skip }, () => {
    it('init creates the migrations folder', async () => {
      const { app, folder } = await makeApp(await database.url());
      assert.match(await run(app, ['db', 'init']), /Created the migrations folder/);
      assert.ok(existsSync(folder));
    });

    it('init refuses a folder that already has files', async () => {
      const { app } = await withTwoMigrations(await database.url());
      const result = await app.testCliRunner().invoke(['db', 'init']);
      assert.equal(result.exitCode, 1);
      assert.match(result.stderr, /already exists/);
    });

    it('revision -m writes a timestamped TypeScript file with up and down', async () => {
      const { app, folder } = await makeApp(await database.url());
      await run(app, ['db', 'init']);
      await run(app, ['db', 'revision', '-m', 'Create the user table']);
      await run(app, ['db', 'revision', '-m', 'Add posts']);
      const files = readdirSync(folder).sort();
      assert.equal(files.length, 2);
      assert.match(files[0] ?? '', /^\d{14}_create_the_user_table\.ts$/);
      assert.match(files[1] ?? '', /^\d{14}_add_posts\.ts$/);
      const text = readFileSync(join(folder, files[0] ?? ''), 'utf8');
      assert.match(text, /export async function up\(db: Kysely<any>\)/);
      assert.match(text, /export async function down\(db: Kysely<any>\)/);
    });

    it('upgrade applies every migration, and the generated files run as they are', async () => {
      const { app, db, folder } = await makeApp(await database.url());
      await run(app, ['db', 'init']);
      await run(app, ['db', 'revision', '-m', 'empty']);
      writeFileSync(join(folder, '99990101000000_create_user.js'), USERS);
      const out = await run(app, ['db', 'upgrade']);
      assert.match(out, /Upgraded to \d{14}_empty/);
      assert.match(out, /Upgraded to 99990101000000_create_user/);
      assert.deepEqual(await tables(app, db), ['user']);
    });

    it('upgrade to a target stops there', async () => {
      const { app, db, names } = await withTwoMigrations(await database.url());
      await run(app, ['db', 'upgrade', names[0] as string]);
      assert.deepEqual(await tables(app, db), ['user']);
      assert.match(await run(app, ['db', 'current']), /create_user$/m);
    });

    it('downgrade reverts the last migration by default, and base reverts all', async () => {
      const { app, db } = await withTwoMigrations(await database.url());
      await run(app, ['db', 'upgrade']);
      assert.match(await run(app, ['db', 'downgrade']), /Downgraded from 20260101000001_create_post/);
      assert.deepEqual(await tables(app, db), ['user']);
      await run(app, ['db', 'upgrade']);
      await run(app, ['db', 'downgrade', 'base']);
      assert.deepEqual(await tables(app, db), []);
    });

    it('current names the last migration applied and marks the head', async () => {
      const { app } = await withTwoMigrations(await database.url());
      assert.match(await run(app, ['db', 'current']), /\(base\)/);
      await run(app, ['db', 'upgrade']);
      assert.equal((await run(app, ['db', 'current'])).trim(), '20260101000001_create_post (head)');
    });

    it('history lists every migration and marks the applied ones', async () => {
      const { app } = await withTwoMigrations(await database.url());
      await run(app, ['db', 'upgrade', '+1']);
      assert.equal(
        (await run(app, ['db', 'history'])).trim(),
        '[x] 20260101000000_create_user (current)\n[ ] 20260101000001_create_post (head)',
      );
    });

    it('stamp records the database at a target without running migrations', async () => {
      const { app, db } = await withTwoMigrations(await database.url());
      await run(app, ['db', 'stamp', 'head']);
      assert.deepEqual(await tables(app, db), []);
      assert.match(await run(app, ['db', 'current']), /create_post \(head\)/);
      await run(app, ['db', 'stamp', 'base']);
      await run(app, ['db', 'upgrade']);
      assert.deepEqual((await tables(app, db)).sort(), ['post', 'user']);
    });

    it('a failing upgrade exits 1 with its error and applies none of its migrations', async () => {
      const { app, db, folder } = await makeApp(await database.url());
      await run(app, ['db', 'init']);
      writeFileSync(join(folder, '20260101000000_create_user.js'), USERS);
      writeFileSync(
        join(folder, '20260101000001_broken.js'),
        'export async function up(db) { await db.schema.dropTable("missing").execute(); }',
      );
      const result = await app.testCliRunner().invoke(['db', 'upgrade']);
      assert.equal(result.exitCode, 1);
      assert.match(result.stderr, /Migration failed/);
      assert.deepEqual(await tables(app, db), []);
      assert.match(await run(app, ['db', 'current']), /\(base\)/);
    });

    it('an unknown target is refused with the history hint', async () => {
      const { app } = await withTwoMigrations(await database.url());
      const result = await app.testCliRunner().invoke(['db', 'upgrade', 'nope']);
      assert.equal(result.exitCode, 1);
      assert.match(result.stderr, /No migration named "nope"/);
    });
  });
}
