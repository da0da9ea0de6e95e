// A fresh blog for each test, on SQLite or PostgreSQL: migrations applied, three users and one post, and a
// test client that logs in and sends forms with their CSRF token, as a browser would.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePasswordHash } from '@flagon/auth';
import type { Flagon, TestClient, TestResponse } from 'flagon';
import {
  type PostgresService,
  postgresUnavailableReason,
  startPostgres,
} from '../../../tools/services/postgres.ts';
import { closeApp, createApp } from '../src/app.ts';
import { db, type Role, upgradeDatabase } from '../src/db.ts';

/** Where a suite's databases come from. */
export interface Backend {
  readonly name: 'sqlite' | 'postgres';
  /** Why this backend cannot run here, or false. */
  readonly skip: string | false;
  /** A URL of a new, empty database, and how to drop it. */
  newDatabase(): Promise<{ url: string; drop(): void }>;
  /** Called once after the suite (stops PostgreSQL). */
  close(): Promise<void>;
}

/** SQLite files in a temporary folder: the `npm start` setup. */
export function sqliteBackend(): Backend {
  return {
    name: 'sqlite',
    skip: false,
    async newDatabase() {
      const dir = mkdtempSync(join(tmpdir(), 'flagon-blog-'));
      return {
        url: `sqlite:///${join(dir, 'blog.sqlite')}`,
        drop: () => rmSync(dir, { recursive: true, force: true }),
      };
    },
    async close() {},
  };
}

/** One throwaway PostgreSQL cluster for the suite, a new database per test. */
export function postgresBackend(): Backend {
  let service: Promise<PostgresService> | undefined;
  let count = 0;
  return {
    name: 'postgres',
    skip: postgresUnavailableReason() ?? false,
    async newDatabase() {
      service ??= startPostgres();
      count += 1;
      return { url: await (await service).createDatabase(`blog_${process.pid}_${count}`), drop: () => {} };
    },
    async close() {
      if (service !== undefined) await (await service).stop();
    },
  };
}

export const PASSWORDS = { test: 'test-password', other: 'other-password', admin: 'admin-password' } as const;

// scrypt takes a good fraction of a second: each user's hash is made once per process.
const hashes = new Map<string, Promise<string>>();
export function hashOf(password: string): Promise<string> {
  let hash = hashes.get(password);
  if (hash === undefined) {
    hash = generatePasswordHash(password);
    hashes.set(password, hash);
  }
  return hash;
}

export interface BlogFixture {
  readonly app: Flagon;
  readonly client: TestClient;
  readonly databaseUrl: string;
  /** Runs `fn` in an app context, where `db.query` works. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Adds a user with this password hash (default: the hash of PASSWORDS[username]); returns the id. */
  addUser(username: string, options?: { hash?: string; role?: Role }): Promise<number>;
  /** Adds a post straight to the database; returns its id. */
  addPost(authorId: number, title: string, body?: string, created?: Date): Promise<number>;
  /** A CSRF token for the client's session, read from a page's form as a browser would. */
  csrfToken(): Promise<string>;
  /** Posts a form with the session's CSRF token. */
  submit(path: string, data?: Record<string, string>): Promise<TestResponse>;
  /** Logs in through the form; the client then holds the session (and remember) cookies. */
  login(username?: keyof typeof PASSWORDS, options?: { remember?: boolean }): Promise<TestResponse>;
  cleanup(): Promise<void>;
}

/** The text of each flash message on an HTML page. */
export function flashes(html: string): string[] {
  return [...html.matchAll(/<p class="flash flash-(\w+)">([^<]*)<\/p>/g)].map(
    (m) => `${m[1]}: ${unescape(m[2]!)}`,
  );
}

/** The inline errors of a form field on an HTML page. */
export function fieldErrors(html: string, id: string): string[] {
  const list = new RegExp(`<ul class="errors" id="${id}-errors">([\\s\\S]*?)</ul>`).exec(html);
  return list === null ? [] : [...list[1]!.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => unescape(m[1]!));
}

function unescape(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&#34;', '"')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}

/**
 * A blog on a new database of `backend`, with users `test` (id 1), `other` (2) and `admin` (3, role admin),
 * and one post by `test` dated 2018-01-01.
 */
export async function makeBlog(backend: Backend, config: Record<string, unknown> = {}): Promise<BlogFixture> {
  const database = await backend.newDatabase();
  const app = createApp({ TESTING: true, SECRET_KEY: 'test-secret', DATABASE_URL: database.url, ...config });
  const run = <T>(fn: () => Promise<T>): Promise<T> => app.appContext().run(fn);
  await run(() => upgradeDatabase(app));
  const client = app.testClient();
  const addUser: BlogFixture['addUser'] = async (username, options = {}) => {
    const password =
      options.hash ?? (await hashOf(PASSWORDS[username as keyof typeof PASSWORDS] ?? username));
    const row = await run(() =>
      db.query
        .insertInto('user')
        .values({ username, password, role: options.role ?? 'user', api_token_hash: null })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
    return row.id;
  };
  const addPost: BlogFixture['addPost'] = async (authorId, title, body = '', created = new Date()) => {
    const row = await run(() =>
      db.query
        .insertInto('post')
        .values({
          title,
          body,
          author_id: authorId,
          created: backend.name === 'sqlite' ? created.toISOString().slice(0, 19).replace('T', ' ') : created,
        })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
    return row.id;
  };
  await addUser('test');
  await addUser('other');
  await addUser('admin', { role: 'admin' });
  await addPost(1, 'test title', 'test\nbody', new Date('2018-01-01T00:00:00Z'));

  const csrfToken = async (): Promise<string> => {
    const page = await client.get('/auth/login');
    const token = /name="csrf_token" type="hidden" value="([^"]+)"/.exec(page.text)?.[1];
    if (token === undefined) throw new Error(`No CSRF token on the login page: ${page.text}`);
    return token;
  };
  const submit: BlogFixture['submit'] = async (path, data = {}) =>
    client.post(path, { data: { csrf_token: await csrfToken(), ...data } });
  return {
    app,
    client,
    databaseUrl: database.url,
    run,
    addUser,
    addPost,
    csrfToken,
    submit,
    login: (username = 'test', options = {}) =>
      submit('/auth/login', {
        username,
        password: PASSWORDS[username],
        ...(options.remember ? { remember: 'y' } : {}),
      }),
    cleanup: async () => {
      await closeApp(app);
      database.drop();
    },
  };
}
