// The migrations: `flagon db upgrade` on an empty database, a round trip down and up, and the adoption of a
// database made by the old blog's schema.sql, its users' password hashes included.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { closeApp, createApp } from '../src/app.ts';
import { upgradeDatabase } from '../src/db.ts';
import { flashes } from './fixtures.ts';

/** The old blog's schema.sql, as `npm start` created instance/flaskr.sqlite before migrations. */
const OLD_SCHEMA = `
CREATE TABLE user (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  username TEXT UNIQUE NOT NULL,
  password TEXT NOT NULL
);
CREATE TABLE post (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  author_id INTEGER NOT NULL,
  created TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  FOREIGN KEY (author_id) REFERENCES user (id)
);`;
/** 'old password', hashed by the old blog's passwords.ts. */
const OLD_BLOG_HASH =
  'scrypt:32768:8:1$oLdBlOgSaLt12345$f2630b84ead2a3e66622660ae9d19deb4d14c1bd684b7d0a9371e6daae360bd1de7baccb935c2f263e222bc34ce1f9c516bed1e1d13f4ead0bb8edaa7e572d7a';

describe('migrations', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flagon-blog-migrations-'));
    file = join(dir, 'blog.sqlite');
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const blogApp = () => createApp({ TESTING: true, SECRET_KEY: 'k', DATABASE_URL: `sqlite:///${file}` });

  it('creates every table with `flagon db upgrade`, and reports nothing to do the second time', async () => {
    const app = blogApp();
    try {
      const first = await app.testCliRunner().invoke(['db', 'upgrade']);
      assert.equal(first.exitCode, 0, first.stderr);
      assert.match(
        first.stdout,
        /Upgraded to 20260101000000_create_user_and_post\nUpgraded to 20260102000000_roles_comments_tokens/,
      );
      const second = await app.testCliRunner().invoke(['db', 'upgrade']);
      assert.match(second.stdout, /Nothing to do/);
      const db = new DatabaseSync(file);
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
      db.close();
      assert.deepEqual(
        tables.map((row) => row.name).filter((name) => !String(name).startsWith('sqlite_')),
        ['comment', 'kysely_migration', 'kysely_migration_lock', 'post', 'user'],
      );
    } finally {
      await closeApp(app);
    }
  });

  it('goes down to an empty database and back up', async () => {
    const app = blogApp();
    try {
      await app.testCliRunner().invoke(['db', 'upgrade']);
      const down = await app.testCliRunner().invoke(['db', 'downgrade', 'base']);
      assert.equal(down.exitCode, 0, down.stderr);
      const up = await app.testCliRunner().invoke(['db', 'upgrade']);
      assert.equal(up.exitCode, 0, up.stderr);
      assert.match(up.stdout, /Upgraded to 20260102000000_roles_comments_tokens/);
    } finally {
      await closeApp(app);
    }
  });

  it("adopts the old blog's database: its users log in with their old passwords and see their posts", async () => {
    const old = new DatabaseSync(file);
    old.exec(OLD_SCHEMA);
    old.prepare('INSERT INTO user (username, password) VALUES (?, ?)').run('veteran', OLD_BLOG_HASH);
    old.prepare("INSERT INTO post (title, body, author_id) VALUES ('from before', 'still here', 1)").run();
    old.close();
    const app = blogApp();
    try {
      const applied = await app.appContext().run(() => upgradeDatabase(app));
      assert.equal(applied.length, 2);
      const client = app.testClient();
      const login = await client.get('/auth/login');
      const token = /name="csrf_token" type="hidden" value="([^"]+)"/.exec(login.text)?.[1] ?? '';
      const res = await client.post('/auth/login', {
        data: { csrf_token: token, username: 'veteran', password: 'old password' },
      });
      assert.equal(res.status, 302);
      const index = await client.get('/');
      assert.deepEqual(flashes(index.text), ['success: Welcome back, veteran.']);
      assert.match(index.text, /<h2><a href="\/1">from before<\/a><\/h2>/);
      assert.match(index.text, /href="\/1\/update"/);
    } finally {
      await closeApp(app);
    }
  });
});
