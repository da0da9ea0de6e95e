import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DictLoader } from '@flagon/templates';
import { Babel, Flagon, renderTemplate } from 'flagon';

const roots: string[] = [];
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** A TESTING app whose root is a temp folder holding the given templates, serving `page.html` at `/`. */
function appServing(
  templates: Record<string, string>,
  context: () => Record<string, unknown> = () => ({}),
): Flagon {
  const root = mkdtempSync(join(tmpdir(), 'flagon-jinja-options-'));
  roots.push(root);
  for (const [name, text] of Object.entries(templates)) {
    const path = join(root, 'templates', name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  const app = new Flagon('test', { rootPath: root });
  app.config.TESTING = true;
  app.get('/', () => renderTemplate('page.html', context()));
  return app;
}

const URL_PAGE = "{{ url.hostname }}|{{ url.searchParams.get('q') }}";
const withUrl = () => ({ url: new URL('https://a.example/search?q=flask') });

describe('app.jinjaOptions: trustedClasses', () => {
  it("hides a Node class's getters from templates by default", async () => {
    const app = appServing({ 'page.html': '[{{ url.hostname }}]' }, withUrl);
    assert.equal((await app.testClient().get('/')).text, '[]');
  });

  it("refuses to call a Node class's methods by default", async () => {
    const app = appServing({ 'page.html': '{{ url.toString() }}' }, withUrl);
    await assert.rejects(app.testClient().get('/'), {
      name: 'UndefinedError',
      message: /'URL object' has no attribute 'toString'/,
    });
  });

  it('lets templates call the methods of the classes listed in trustedClasses', async () => {
    const app = appServing({ 'page.html': URL_PAGE }, withUrl);
    app.jinjaOptions = { trustedClasses: [URL, URLSearchParams] };
    assert.equal((await app.testClient().get('/')).text, 'a.example|flask');
  });

  it('trusts only the listed classes', async () => {
    const app = appServing({ 'page.html': URL_PAGE }, withUrl);
    app.jinjaOptions = { trustedClasses: [URL] };
    await assert.rejects(app.testClient().get('/'), {
      name: 'UndefinedError',
      message: /'URLSearchParams object' has no attribute 'get'/,
    });
  });

  it('reads options set on the default object in place', async () => {
    const app = appServing({ 'page.html': URL_PAGE }, withUrl);
    app.jinjaOptions.trustedClasses = [URL, URLSearchParams];
    assert.equal((await app.testClient().get('/')).text, 'a.example|flask');
  });
});

describe('app.jinjaOptions: extensions', () => {
  const LOOP = '{% for n in [1, 2, 3] %}{% if n == 3 %}{% break %}{% endif %}{{ n }}{% endfor %}';

  it('enables an extension listed in extensions', async () => {
    const app = appServing({ 'page.html': LOOP });
    app.jinjaOptions = { extensions: ['loopcontrols'] };
    assert.equal((await app.testClient().get('/')).text, '12');
  });

  it('leaves the extension off without the option', async () => {
    const app = appServing({ 'page.html': LOOP });
    await assert.rejects(app.testClient().get('/'), { name: 'TemplateSyntaxError', message: /break/ });
  });

  it("accepts Jinja2's names of extensions", async () => {
    const app = appServing({ 'page.html': '{% set xs = [] %}{% do xs.append(1) %}{{ xs }}' });
    app.jinjaOptions = { extensions: ['jinja2.ext.do'] };
    assert.equal((await app.testClient().get('/')).text, '[1]');
  });

  it("keeps Babel's i18n extension on beside the app's extensions", async () => {
    const app = appServing({ 'page.html': "{% set xs = [] %}{% do xs.append(_('Hi')) %}{{ xs|join }}" });
    new Babel(app);
    app.jinjaOptions = { extensions: ['do'] };
    assert.equal((await app.testClient().get('/')).text, 'Hi');
  });

  it('refuses an unknown extension with a SetupError, and renders once the options are fixed', async () => {
    const app = appServing({ 'page.html': 'ok' });
    app.jinjaOptions = { extensions: ['jinja2.ext.autoescape'] };
    await assert.rejects(app.testClient().get('/'), {
      name: 'SetupError',
      message:
        /app\.jinjaOptions can't make a template environment: Unknown template extension 'jinja2\.ext\.autoescape'/,
    });
    app.jinjaOptions = {};
    assert.equal((await app.testClient().get('/')).text, 'ok');
  });
});

describe("app.jinjaOptions merged over Flagon's defaults", () => {
  it('keeps autoescaping .html templates when other options are given', async () => {
    const app = appServing({ 'page.html': '{{ text }}\n' }, () => ({ text: '<b>' }));
    app.jinjaOptions = { keepTrailingNewline: true };
    assert.equal((await app.testClient().get('/')).text, '&lt;b&gt;\n');
  });

  it('lets autoescape be overridden, as Flask does', async () => {
    const app = appServing({ 'page.html': '{{ text }}' }, () => ({ text: '<b>' }));
    app.jinjaOptions = { autoescape: false };
    assert.equal((await app.testClient().get('/')).text, '<b>');
  });

  it('turns autoescaping on for every template with autoescape: true', async () => {
    const app = appServing({ 'page.html': '', 'mail.txt': '{{ text }}' }, () => ({ text: '<b>' }));
    app.get('/mail', () => renderTemplate('mail.txt', { text: '<b>' }));
    app.jinjaOptions = { autoescape: true };
    assert.equal((await app.testClient().get('/mail')).text, '&lt;b&gt;');
  });

  it("replaces the app's loader when one is given, as Flask does", async () => {
    const app = appServing({ 'page.html': 'from the folder' });
    app.jinjaOptions = { loader: new DictLoader({ 'page.html': 'from the loader {{ url_for("other") }}' }) };
    app.get('/other', function other() {
      return '';
    });
    assert.equal((await app.testClient().get('/')).text, 'from the loader /other');
  });

  it("keeps the app's loader and globals such as url_for", async () => {
    const app = appServing({
      'page.html': "{% include 'part.html' %}",
      'part.html': "{{ url_for('other') }}",
    });
    app.get('/other', function other() {
      return '';
    });
    app.jinjaOptions = { trimBlocks: true };
    assert.equal((await app.testClient().get('/')).text, '/other');
  });

  it('applies lexer options such as custom delimiters', async () => {
    const app = appServing({ 'page.html': '[[ name ]] {{ name }}' }, () => ({ name: 'Ada' }));
    app.jinjaOptions = { variableStartString: '[[', variableEndString: ']]' };
    assert.equal((await app.testClient().get('/')).text, 'Ada {{ name }}');
  });
});

describe('app.jinjaOptions once the environment exists', () => {
  it('throws a SetupError saying why when assigned after the first render', async () => {
    const app = appServing({ 'page.html': 'ok' });
    await app.testClient().get('/');
    assert.throws(
      () => {
        app.jinjaOptions = { trustedClasses: [URL] };
      },
      { name: 'SetupError', message: /template environment already exists.*would have no effect/ },
    );
  });

  it('throws a SetupError when an option is changed in place after the first render', async () => {
    const app = appServing({ 'page.html': '[{{ url.hostname }}]' }, withUrl);
    await app.testClient().get('/');
    assert.throws(
      () => {
        app.jinjaOptions.trustedClasses = [URL];
      },
      { name: 'SetupError' },
    );
    assert.equal((await app.testClient().get('/')).text, '[]');
  });

  it('shows the options the environment was made with', async () => {
    const app = appServing({ 'page.html': 'ok' });
    app.jinjaOptions = { trimBlocks: true, extensions: ['do'] };
    await app.testClient().get('/');
    assert.equal(app.jinjaOptions.trimBlocks, true);
    assert.deepEqual(app.jinjaOptions.extensions, ['do']);
  });
});

describe('app.jinjaOptions values', () => {
  it('refuses a snake_case option, naming its camelCase spelling', () => {
    const app = new Flagon('test');
    assert.throws(
      () => {
        app.jinjaOptions = { trim_blocks: true } as never;
      },
      { name: 'SetupError', message: /unknown option 'trim_blocks'.*use 'trimBlocks'/ },
    );
  });

  it('refuses something other than an object', () => {
    const app = new Flagon('test');
    assert.throws(
      () => {
        app.jinjaOptions = null as never;
      },
      { name: 'SetupError', message: /must be an object/ },
    );
  });

  it('refuses an unknown option added in place, at the first render', async () => {
    const app = appServing({ 'page.html': 'ok' });
    (app.jinjaOptions as Record<string, unknown>).autoEscape = false;
    await assert.rejects(app.testClient().get('/'), {
      name: 'SetupError',
      message: /unknown option 'autoEscape'/,
    });
  });
});
