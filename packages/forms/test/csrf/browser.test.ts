// CSRF protection seen from a real browser: Debian's Chromium (playwright-core) posting a form from the app's own
// page, and from a page on another site that submits a forged form to the app.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CSRFProtect, form, inputRequired, stringField } from '@flagon/forms';
import { Flagon, type RunningServer, renderTemplateString } from 'flagon';
import type { Browser } from 'playwright-core';
import { chromiumUnavailableReason, launchChromium } from '../../../../tools/services/chromium.ts';

const skipReason = chromiumUnavailableReason() ?? false;

const NoteForm = form({ title: stringField({ validators: [inputRequired()] }) });

function makeApp(): Flagon {
  const app = new Flagon('csrf-browser', { config: { SECRET_KEY: 'browser secret' } });
  new CSRFProtect(app);
  app.route('/note', { methods: ['GET', 'POST'] }, async function note() {
    const f = await NoteForm.fromRequest();
    if (await f.validateOnSubmit()) return `<p id="result">accepted ${f.data.title}</p>`;
    return renderTemplateString(
      '<form method="post">{{ form.hidden_tag() }}{{ form.title }}<button>Save</button></form>',
      { form: f },
    );
  });
  return app;
}

/** A page on another site whose form posts to the app as soon as it loads, without a token. */
function attackerSite(target: string): Promise<Server> {
  const page =
    `<form id="forged" method="post" action="${target}/note"><input name="title" value="pwned"></form>` +
    '<script>document.getElementById("forged").submit()</script>';
  const server = createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/html');
    res.end(page);
  });
  return new Promise((resolve) => server.listen(0, 'localhost', () => resolve(server)));
}

describe('CSRF in Chromium', { skip: skipReason }, () => {
  let browser: Browser;
  let app: RunningServer;
  let attacker: Server;

  before(async () => {
    browser = await launchChromium();
    app = await makeApp().listen({ host: '127.0.0.1', port: 0 });
    attacker = await attackerSite(app.url);
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    attacker?.close();
  });

  it('accepts the form posted from its own page', async () => {
    const context = await browser.newContext();
    context.setDefaultTimeout(10_000);
    try {
      const page = await context.newPage();
      await page.goto(`${app.url}/note`);
      await page.fill('#title', 'hello');
      await page.click('button');
      assert.equal(await page.locator('#result').textContent(), 'accepted hello');
    } finally {
      await context.close();
    }
  });

  it('refuses a forged form another site submits, even with a session open', async () => {
    const context = await browser.newContext();
    context.setDefaultTimeout(10_000);
    try {
      const page = await context.newPage();
      await page.goto(`${app.url}/note`); // the user has a session (and a token) on the app
      const { port } = attacker.address() as AddressInfo;
      const response = page.waitForResponse(
        (r) => r.url() === `${app.url}/note` && r.request().method() === 'POST',
      );
      await page.goto(`http://localhost:${port}/`);
      const forged = await response;
      assert.equal(forged.status(), 400);
      assert.match(await forged.text(), /The CSRF token is missing\./);
    } finally {
      await context.close();
    }
  });
});
