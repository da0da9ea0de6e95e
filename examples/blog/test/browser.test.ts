// The blog in a real browser over real HTTP: Debian's Chromium, driven by playwright-core.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  launchChromium,
  logIn,
  logInAs,
  register,
  type ServedBlog,
  serveBlog,
  skipReason,
  writePost,
} from './browser/harness.ts';

/** What each test gets: its own blog on a fresh database, and a page in a fresh browser context. */
interface Fixture {
  page: Page;
  blog: ServedBlog;
  base: string;
}

/** A user added to the database, logged in through the form; the page is on the index. */
async function loggedIn(page: Page, blog: ServedBlog): Promise<void> {
  blog.addUser('alice', 'secret');
  await logInAs(page, blog.url, 'alice', 'secret');
}

// The tests run one at a time: side by side they only fight over the CPU (scrypt, renderers) and run slower.
describe('the blog in Chromium', { skip: skipReason }, () => {
  let browser: Browser | undefined;

  before(async () => {
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
  });

  /** Runs `test` with a fixture of its own, and closes the context and the server even when it fails. */
  async function inBrowser(test: (fixture: Fixture) => Promise<void>): Promise<void> {
    if (browser === undefined) throw new Error('Chromium did not start; see the error of the before hook.');
    const blog = await serveBlog();
    try {
      const context = await browser.newContext();
      try {
        // A missing element fails the test in seconds instead of Playwright's default 30.
        context.setDefaultTimeout(10_000);
        await test({ page: await context.newPage(), blog, base: blog.url });
      } finally {
        await context.close();
      }
    } finally {
      await blog.close();
    }
  }

  it('registers a user through the form, sends them to the login page, and the account logs in', async () => {
    await inBrowser(async ({ page, base }) => {
      await register(page, base, 'bob', 'hunter2');
      assert.equal(await page.title(), 'Log In - Flagon blog');
      await logInAs(page, base, 'bob', 'hunter2');
      assert.equal(await page.locator('nav span').textContent(), 'bob');
    });
  });

  it('shows the user name and "Log Out" in the nav once logged in', async () => {
    await inBrowser(async ({ page, blog }) => {
      await loggedIn(page, blog);
      assert.equal(await page.locator('nav span').textContent(), 'alice');
      assert.equal(await page.locator('nav').getByRole('link', { name: 'Log Out' }).count(), 1);
      assert.equal(await page.locator('nav').getByRole('link', { name: 'Log In' }).count(), 0);
    });
  });

  it('shows "Incorrect username." after a login with an unknown name', async () => {
    await inBrowser(async ({ page, base }) => {
      await logIn(page, base, 'nobody', 'secret');
      assert.equal(await page.locator('.flash').textContent(), 'Incorrect username.');
      assert.equal(page.url(), `${base}/auth/login`);
    });
  });

  it('shows "Incorrect password." after a login with the wrong password', async () => {
    await inBrowser(async ({ page, base, blog }) => {
      blog.addUser('alice', 'secret');
      await logIn(page, base, 'alice', 'wrong');
      assert.equal(await page.locator('.flash').textContent(), 'Incorrect password.');
      assert.equal(await page.locator('nav').getByRole('link', { name: 'Log Out' }).count(), 0);
    });
  });

  it('shows a new post on the index with its title and body as literal text', async () => {
    await inBrowser(async ({ page, base, blog }) => {
      await loggedIn(page, blog);
      await writePost(page, base, '<b>bold</b>', '<i>first</i> & <script>alert(1)</script>');
      const post = page.locator('article.post');
      assert.equal(await post.count(), 1);
      assert.equal(await post.locator('h1').textContent(), '<b>bold</b>');
      assert.equal(await post.locator('.body').textContent(), '<i>first</i> & <script>alert(1)</script>');
      assert.match((await post.locator('.about').textContent()) ?? '', /^by alice on \d{4}-\d{2}-\d{2}$/);
      assert.equal(await post.locator('b, i, script').count(), 0);
    });
  });

  it('edits a post through its form, which shows the current values literally', async () => {
    await inBrowser(async ({ page, base, blog }) => {
      await loggedIn(page, blog);
      await writePost(page, base, '<b>bold</b>', 'old body');
      await page.locator('article.post').getByRole('link', { name: 'Edit' }).click();
      await page.waitForURL(/\/\d+\/update$/);
      assert.equal(await page.getByLabel('Title').inputValue(), '<b>bold</b>');
      assert.equal(await page.getByLabel('Body').inputValue(), 'old body');
      assert.equal(await page.title(), 'Edit "<b>bold</b>" - Flagon blog');
      await page.getByLabel('Title').fill('new title');
      await page.getByLabel('Body').fill('new body');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.waitForURL(`${base}/`);
      assert.equal(await page.locator('article.post h1').textContent(), 'new title');
      assert.equal(await page.locator('article.post .body').textContent(), 'new body');
    });
  });

  it('deletes a post once the confirm dialog is accepted', async () => {
    await inBrowser(async ({ page, base, blog }) => {
      await loggedIn(page, blog);
      await writePost(page, base, 'doomed', '');
      await page.locator('article.post').getByRole('link', { name: 'Edit' }).click();
      await page.waitForURL(/\/\d+\/update$/);
      const questions: string[] = [];
      page.on('dialog', (dialog) => {
        questions.push(dialog.message());
        void dialog.accept();
      });
      await page.getByRole('button', { name: 'Delete' }).click();
      await page.waitForURL(`${base}/`);
      assert.deepEqual(questions, ['Are you sure?']);
      assert.equal(await page.locator('article.post').count(), 0);
      assert.equal(await page.locator('.content p').textContent(), 'No posts yet.');
    });
  });

  it('keeps the post when the confirm dialog is dismissed', async () => {
    await inBrowser(async ({ page, base, blog }) => {
      await loggedIn(page, blog);
      await writePost(page, base, 'kept', '');
      await page.locator('article.post').getByRole('link', { name: 'Edit' }).click();
      await page.waitForURL(/\/\d+\/update$/);
      const posted: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST') posted.push(request.url());
      });
      const dismissed = new Promise<void>((resolve) => {
        page.once('dialog', (dialog) => {
          void dialog.dismiss().then(resolve);
        });
      });
      await page.getByRole('button', { name: 'Delete' }).click();
      await dismissed;
      assert.match(page.url(), /\/\d+\/update$/);
      await page.goto(`${base}/`);
      assert.deepEqual(posted, []);
      assert.equal(await page.locator('article.post h1').textContent(), 'kept');
    });
  });

  it('logs out: the nav offers "Log In" again, the cookie is gone and writing needs a login', async () => {
    await inBrowser(async ({ page, base, blog }) => {
      await loggedIn(page, blog);
      await page.locator('nav').getByRole('link', { name: 'Log Out' }).click();
      await page.locator('nav').getByRole('link', { name: 'Log In' }).waitFor();
      assert.equal(page.url(), `${base}/`);
      assert.equal(await page.locator('nav span').count(), 0);
      assert.deepEqual(
        (await page.context().cookies()).filter((cookie) => cookie.name === 'session'),
        [],
      );
      await page.goto(`${base}/create`);
      assert.equal(page.url(), `${base}/auth/login`);
    });
  });

  it('applies the stylesheet from the static folder', async () => {
    await inBrowser(async ({ page, base }) => {
      await page.goto(`${base}/`);
      const background = await page
        .locator('nav')
        .evaluate((nav) => getComputedStyle(nav).getPropertyValue('background-color'));
      assert.equal(background, 'rgb(211, 211, 211)');
    });
  });

  it('keeps the session cookie from scripts (HttpOnly) and cross-site posts (SameSite=Lax)', async () => {
    await inBrowser(async ({ page, blog }) => {
      const headers: Promise<string | null>[] = [];
      page.on('response', (response) => {
        headers.push(response.headerValue('set-cookie'));
      });
      await loggedIn(page, blog);
      const setCookies = (await Promise.all(headers)).filter((header) => header !== null);
      assert.equal(await page.evaluate(() => document.cookie), '');
      const session = (await page.context().cookies()).find((cookie) => cookie.name === 'session');
      assert.ok(session, 'the browser stored no "session" cookie');
      assert.equal(session.httpOnly, true);
      assert.equal(session.sameSite, 'Lax');
      // Playwright may report Chromium's Lax default for a cookie without the attribute; the header has to say it.
      assert.ok(
        setCookies.some((header) => /^session=.*;\s*SameSite=Lax\b/im.test(header)),
        `no Set-Cookie header with SameSite=Lax: ${JSON.stringify(setCookies)}`,
      );
    });
  });
});
