// A fresh app on a temporary database for each test, with one user ("test"/"test") and one post.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Flagon, TestClient } from 'flagon';
import { createApp } from '../src/app.ts';
import { generatePasswordHash } from '../src/passwords.ts';

export interface BlogFixture {
  app: Flagon;
  client: TestClient;
  database: string;
  /** Runs SQL against the test database directly. */
  query(sql: string, ...params: (string | number)[]): unknown[];
  /** Logs in through the form, as a user would. */
  login(username?: string, password?: string): ReturnType<TestClient['post']>;
  cleanup(): void;
}

const testHash = generatePasswordHash('test');
const otherHash = generatePasswordHash('other');

export function makeBlog(): BlogFixture {
  const dir = mkdtempSync(join(tmpdir(), 'flagon-blog-'));
  const database = join(dir, 'test.sqlite');
  const app = createApp({ TESTING: true, DATABASE: database, SECRET_KEY: 'test-secret' });
  const db = new DatabaseSync(database);
  db.prepare('INSERT INTO user (username, password) VALUES (?, ?), (?, ?)').run(
    'test',
    testHash,
    'other',
    otherHash,
  );
  db.prepare(
    "INSERT INTO post (title, body, author_id, created) VALUES ('test title', 'test\nbody', 1, '2018-01-01 00:00:00')",
  ).run();
  const client = app.testClient();
  return {
    app,
    client,
    database,
    query: (sql, ...params) => db.prepare(sql).all(...params),
    login: (username = 'test', password = 'test') =>
      client.post('/auth/login', { data: { username, password } }),
    cleanup: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
