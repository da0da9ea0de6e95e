// The blog in a real browser over real HTTP: Debian's Chromium driven by playwright-core, on a desktop and a
// phone viewport, with a screenshot of each page (test-artifacts/screenshots, kept by CI).
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  launchChromium,
  type ServedBlog,
  screenshot,
  screenshotDir,
  serveBlog,
  skipReason,
  type ViewportName,
  viewports,
} from './browser/harness.ts';

/** The flash messages on the page, in order. */
async function flashTexts(page: Page): Promise<string[]> {
  return (await page.locator('.flash').allTextContents()).map((text) => text.trim());
}

/** Clicks a submit button and waits for the page it leads to. */
async function submitAndWait(page: Page, button: string, url: string | RegExp): Promise<void> {
  await Promise.all([page.waitForURL(url), page.getByRole('button', { name: button, exact: true }).click()]);
}

describe('the blog in Chromium', { skip: skipReason }, () => {
  let browser: Browser | undefined;

  before(async () => {
    // Each run's screenshots replace the last run's, so none is left over from a page that is gone.
    for (const viewport of Object.keys(viewports)) {
      rmSync(join(screenshotDir, viewport), { recursive: true, force: true });
    }
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
  });

  /** Runs `test` on a blog of its own in a fresh browser context, and closes both even when it fails. */
  async function inBrowser(
    viewport: ViewportName,
    test: (context: BrowserContext, page: Page, blog: ServedBlog) => Promise<void>,
    options: { javaScriptEnabled?: boolean } = {},
  ): Promise<void> {
    if (browser === undefined) throw new Error('Chromium did not start; see the error of the before hook.');
    const blog = await serveBlog();
    try {
      const context = await browser.newContext({ ...viewports[viewport], ...options });
      try {
        // A missing element fails the test in seconds instead of Playwright's default 30.
        context.setDefaultTimeout(10_000);
        await test(context, await context.newPage(), blog);
      } finally {
        await context.close();
      }
    } finally {
      await blog.close();
    }
  }

  for (const viewport of ['desktop', 'phone'] as const) {
    it(`takes a reader from registering to logging out, without JavaScript (${viewport})`, async () => {
      await inBrowser(
        viewport,
        async (context, page, blog) => {
          const base = blog.url;
          const shot = (name: string) => screenshot(page, viewport, name);
          const failures: string[] = [];
          page.on('response', (response) => {
            if (response.status() >= 400) failures.push(`${response.status()} ${response.url()}`);
          });
          // Eleven older posts by someone else, so the index has a second page.
          await blog.addUser('carol', 'carol-password');
          for (let i = 1; i <= 11; i++) {
            await blog.addPost('carol', `Older post ${i}`, `Body ${i}`, new Date(Date.UTC(2024, 0, i)));
          }

          // Register, with a mistake first.
          await page.goto(`${base}/`);
          assert.equal(await page.title(), 'Posts · Flagon blog');
          await shot('01-index-visitor');
          await page.getByRole('link', { name: 'Register' }).click();
          await page.getByLabel('Username').fill('alice');
          await page.getByLabel('Password', { exact: true }).fill('short');
          await page.getByLabel('Repeat password').fill('other');
          await submitAndWait(page, 'Register', `${base}/auth/register`);
          assert.deepEqual(await page.locator('#password-errors li').allTextContents(), [
            'Field must be between 8 and 200 characters long.',
          ]);
          await shot('02-register-errors');
          await page.getByLabel('Password', { exact: true }).fill('correct horse');
          await page.getByLabel('Repeat password').fill('correct horse');
          await submitAndWait(page, 'Register', `${base}/auth/login`);
          assert.deepEqual(await flashTexts(page), ['Welcome, alice! Your account is ready: log in below.']);
          await shot('03-login');

          // Log in with "Remember me".
          await page.getByLabel('Username').fill('alice');
          await page.getByLabel('Password').fill('correct horse');
          await page.getByLabel('Remember me').check();
          await submitAndWait(page, 'Log in', `${base}/`);
          assert.deepEqual(await flashTexts(page), ['Welcome back, alice.']);
          await shot('04-index-logged-in');

          // A closed browser drops the session cookie; the remember cookie logs alice back in.
          const cookies = await context.cookies();
          assert.ok(cookies.some((cookie) => cookie.name === 'remember_token' && cookie.httpOnly));
          await context.clearCookies({ name: 'session' });
          await page.goto(`${base}/`);
          assert.equal(await page.locator('.site-nav a[title="Settings"]').textContent(), 'alice');

          // Write a post, forgetting the title first.
          await page.getByRole('link', { name: 'New post' }).first().click();
          await page.waitForURL(`${base}/create`);
          await page.getByLabel('Body').fill('Hello from <b>Chromium</b> & friends.');
          await submitAndWait(page, 'Save', `${base}/create`);
          assert.deepEqual(await page.locator('#title-errors li').allTextContents(), ['Title is required.']);
          assert.equal(await page.getByLabel('Body').inputValue(), 'Hello from <b>Chromium</b> & friends.');
          await shot('05-create-error');
          await page.getByLabel('Title').fill('My first post');
          await submitAndWait(page, 'Save', /\/\d+$/);
          const postUrl = page.url();
          assert.deepEqual(await flashTexts(page), ['Your post “My first post” is published.']);
          assert.equal(
            await page.locator('.post .body').textContent(),
            'Hello from <b>Chromium</b> & friends.',
          );
          await shot('06-post');

          // Edit it.
          await page.getByRole('link', { name: 'Edit' }).click();
          await page.waitForURL(`${postUrl}/update`);
          assert.equal(await page.getByLabel('Title').inputValue(), 'My first post');
          await shot('07-edit');
          await page.getByLabel('Title').fill('My edited post');
          await submitAndWait(page, 'Save', postUrl);
          assert.deepEqual(await flashTexts(page), ['Your changes to “My edited post” are saved.']);
          assert.equal(await page.locator('h1').textContent(), 'My edited post');

          // Comment on it, blank first.
          await submitAndWait(page, 'Add comment', `${postUrl}/comment`);
          assert.deepEqual(await page.locator('#body-errors li').allTextContents(), [
            'Write something first.',
          ]);
          await page.getByLabel('Comment').fill('First!');
          await submitAndWait(page, 'Add comment', `${postUrl}#comments`);
          assert.deepEqual(await flashTexts(page), ['Your comment was added.']);
          assert.equal(await page.locator('.comment .body').textContent(), 'First!');
          await shot('08-post-with-comment');

          // Page through the index: alice's post first, carol's oldest on page 2.
          await page.goto(`${base}/`);
          assert.equal(await page.locator('.post h2').first().textContent(), 'My edited post');
          await page.getByRole('link', { name: 'Older →' }).click();
          await page.waitForURL(`${base}/?page=2`);
          assert.deepEqual(await page.locator('.post h2').allTextContents(), [
            'Older post 2',
            'Older post 1',
          ]);
          await shot('09-index-page-2');

          // Someone else's post cannot be edited.
          await page.goto(`${base}/1/update`);
          assert.equal(await page.locator('.error-code').textContent(), '403');
          await shot('10-forbidden');
          await page.goto(`${base}/no/such/page`);
          assert.equal(await page.locator('.error-code').textContent(), '404');
          await shot('11-not-found');
          await page.getByRole('link', { name: 'Back to the posts' }).click();
          await page.waitForURL(`${base}/`);

          // The settings page issues an API token.
          await page.locator('.site-nav a[title="Settings"]').click();
          await submitAndWait(page, 'Issue a token', `${base}/auth/settings/token`);
          assert.match(await page.locator('#token').inputValue(), /^[\w-]{43}$/);
          await shot('12-settings-token');

          // Delete the post.
          await page.goto(`${postUrl}/update`);
          await page.getByRole('link', { name: 'Delete' }).click();
          await page.waitForURL(`${postUrl}/delete`);
          await shot('13-delete-confirm');
          await submitAndWait(page, 'Delete', `${base}/`);
          assert.deepEqual(await flashTexts(page), ['The post “My edited post” was deleted.']);
          assert.equal(await page.getByRole('link', { name: 'My edited post' }).count(), 0);

          // Log out: the remember cookie goes too, and writing needs a login again.
          await submitAndWait(page, 'Log out', `${base}/`);
          assert.deepEqual(await flashTexts(page), ['You are logged out.']);
          assert.ok(!(await context.cookies()).some((cookie) => cookie.name === 'remember_token'));
          await page.goto(`${base}/create`);
          assert.equal(page.url(), `${base}/auth/login?next=%2Fcreate`);
          assert.deepEqual(await flashTexts(page), ['Please log in to see this page.']);

          // The favicon, the stylesheet and every page answered; only the two error pages asked for did not.
          assert.deepEqual(failures, [`403 ${base}/1/update`, `404 ${base}/no/such/page`]);
          // With scripts off in the page, every step above worked: the blog needs no JavaScript.
        },
        { javaScriptEnabled: false },
      );
    });
  }

  it('refuses a form posted from another site without the CSRF token', async () => {
    await inBrowser('desktop', async (_context, page, blog) => {
      await blog.addUser('alice', 'correct horse');
      await page.goto(`${blog.url}/auth/login`);
      await page.getByLabel('Username').fill('alice');
      await page.getByLabel('Password').fill('correct horse');
      await submitAndWait(page, 'Log in', `${blog.url}/`);
      // Another origin (another port) serves a page whose form posts to the blog: the browser sends alice's
      // cookies (same site), but the page cannot know her CSRF token.
      const attacker: Server = createServer((_req, res) => {
        res.setHeader('Content-Type', 'text/html');
        res.end(
          `<!doctype html><form method="post" action="${blog.url}/create">` +
            '<input name="title" value="Forged"><input name="body" value="by another site">' +
            '<button>Win a prize</button></form>',
        );
      });
      await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
      try {
        await page.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
        const [response] = await Promise.all([
          page.waitForResponse(`${blog.url}/create`),
          page.getByRole('button', { name: 'Win a prize' }).click(),
        ]);
        assert.equal(response.status(), 400);
        await page.waitForURL(`${blog.url}/create`);
        assert.match((await page.locator('.error-page').textContent()) ?? '', /The CSRF token is missing\./);
        await screenshot(page, 'desktop', '14-csrf-refused');
        await page.goto(`${blog.url}/`);
        assert.equal(await page.getByRole('link', { name: 'Forged' }).count(), 0);
      } finally {
        attacker.closeAllConnections();
        await new Promise((resolve) => attacker.close(resolve));
      }
    });
  });
});
