// What the browser tests share: Debian's Chromium launched by playwright-core, and the blog served over real HTTP.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createApp } from '../../src/app.ts';
import { generatePasswordHash } from '../../src/passwords.ts';

/** Debian's Chromium, installed by `.ci/install-components`; playwright-core never downloads a browser. */
export const chromiumPath = '/usr/bin/chromium';

/** Why the browser tests are skipped on this machine, or false when they can run. */
export const skipReason: string | false = existsSync(chromiumPath)
  ? false
  : 'Chromium not installed: run .ci/install-components';

/**
 * Starts headless Chromium with a fresh user data dir.
 *
 * The flags keep it working as root, without a GPU and without network access: no sandbox (root),
 * and none of the background traffic (updates, sync, QUIC probes) that would wait on a network.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A blog served on a free loopback port, on its own empty database. */
export interface ServedBlog {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Adds a user straight to the database, faster than the form (which the registration test covers). */
  addUser(username: string, password: string): void;
  /** Stops the server, dropping any connection still open, and deletes the database. */
  close(): Promise<void>;
}

// scrypt takes a good fraction of a second; each test's user gets the same hash instead of a new one.
const hashes = new Map<string, string>();
function hashOf(password: string): string {
  let hash = hashes.get(password);
  if (hash === undefined) {
    hash = generatePasswordHash(password);
    hashes.set(password, hash);
  }
  return hash;
}

/** Serves a fresh blog, configured as `npm start` would serve it apart from the database and the secret key. */
export async function serveBlog(): Promise<ServedBlog> {
  const dir = mkdtempSync(join(tmpdir(), 'flagon-blog-browser-'));
  try {
    const database = join(dir, 'blog.sqlite');
    const app = createApp({ TESTING: false, DATABASE: database, SECRET_KEY: 'test' });
    const running = await app.listen({ port: 0 });
    return {
      url: running.url,
      addUser: (username, password) => {
        const db = new DatabaseSync(database);
        try {
          db.prepare('INSERT INTO user (username, password) VALUES (?, ?)').run(username, hashOf(password));
        } finally {
          db.close();
        }
      },
      close: async () => {
        try {
          // A keep-alive socket the browser still holds would make close() wait for its timeout.
          running.server.closeAllConnections();
          await running.close();
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Fills in and submits the registration form; resolves on the login page it leads to. */
export async function register(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(`${base}/auth/register`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Register' }).click();
  await page.waitForURL(`${base}/auth/login`);
}

/** Fills in and submits the login form; the caller waits for what should follow (the index, or a flash). */
export async function logIn(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(`${base}/auth/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log In' }).click();
}

/** Logs in through the form; resolves on the index page that a successful login leads to. */
export async function logInAs(page: Page, base: string, username: string, password: string): Promise<void> {
  await logIn(page, base, username, password);
  await page.waitForURL(`${base}/`);
}

/** Writes a post through the "New" link and form, starting on the index; resolves on the index it leads to. */
export async function writePost(page: Page, base: string, title: string, body: string): Promise<void> {
  await page.getByRole('link', { name: 'New' }).click();
  await page.waitForURL(`${base}/create`);
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Body').fill(body);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(`${base}/`);
}
