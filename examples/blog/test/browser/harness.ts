// What the browser tests share: Debian's Chromium launched by playwright-core, and the blog served over real HTTP.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatePasswordHash } from '@flagon/auth';
import type { Page } from 'playwright-core';
import { chromiumUnavailableReason } from '../../../../tools/services/chromium.ts';
import { closeApp, createApp } from '../../src/app.ts';
import { db, upgradeDatabase } from '../../src/db.ts';

export { launchChromium } from '../../../../tools/services/chromium.ts';

/** Why the browser tests are skipped on this machine, or false when they can run. */
export const skipReason: string | false = chromiumUnavailableReason() ?? false;

/** A blog served on a free loopback port, on its own empty database. */
export interface ServedBlog {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Adds a user straight to the database, faster than the form (which the registration test covers). */
  addUser(username: string, password: string): Promise<void>;
  /** Adds a post straight to the database. */
  addPost(username: string, title: string, body: string, created: Date): Promise<void>;
  /** Stops the server, dropping any connection still open, and deletes the database. */
  close(): Promise<void>;
}

// scrypt takes a good fraction of a second; each test's user gets the same hash instead of a new one.
const hashes = new Map<string, Promise<string>>();
function hashOf(password: string): Promise<string> {
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
    const app = createApp({
      TESTING: false,
      DATABASE_URL: `sqlite:///${join(dir, 'blog.sqlite')}`,
      SECRET_KEY: 'test',
    });
    const run = <T>(fn: () => Promise<T>): Promise<T> => app.appContext().run(fn);
    await run(() => upgradeDatabase(app));
    const running = await app.listen({ port: 0 });
    return {
      url: running.url,
      addUser: async (username, password) => {
        const hash = await hashOf(password);
        await run(() =>
          db.query.insertInto('user').values({ username, password: hash, api_token_hash: null }).execute(),
        );
      },
      addPost: async (username, title, body, created) => {
        await run(async () => {
          const user = await db.query
            .selectFrom('user')
            .select('id')
            .where('username', '=', username)
            .executeTakeFirstOrThrow();
          await db.query
            .insertInto('post')
            .values({
              title,
              body,
              author_id: user.id,
              created: created.toISOString().slice(0, 19).replace('T', ' '),
            })
            .execute();
        });
      },
      close: async () => {
        try {
          // A keep-alive socket the browser still holds would make close() wait for its timeout.
          running.server.closeAllConnections();
          await running.close();
          await closeApp(app);
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

/** Where screenshots go: a folder CI keeps as an artifact (gitignored). SCREENSHOT_DIR overrides it. */
export const screenshotDir =
  process.env.SCREENSHOT_DIR ?? fileURLToPath(new URL('../../test-artifacts/screenshots', import.meta.url));

/** The two viewports every page is checked and photographed at. */
export const viewports = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
} as const;

export type ViewportName = keyof typeof viewports;

/**
 * Saves a full-page screenshot as `<screenshotDir>/<viewport>/<nn>-<name>.png`, after checking the page
 * fits its viewport's width (nothing to scroll sideways on a phone).
 */
export async function screenshot(page: Page, viewport: ViewportName, name: string): Promise<string> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 0) throw new Error(`${name} is ${overflow}px wider than the ${viewport} viewport`);
  const dir = join(screenshotDir, viewport);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
