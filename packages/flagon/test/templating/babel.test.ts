import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Babel, Flagon, flash, getFlashedMessages, getLocale, getTranslations, renderTemplate } from 'flagon';
// The engine's test helper writes real GNU .mo files (its own tests check them against Python's gettext).
import { type MoEntry, writeMo } from '../../../templates/test/ext/helpers/mo-writer.ts';

const roots: string[] = [];
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

const GERMAN: MoEntry[] = [
  { id: 'Welcome, %(name)s!', strs: ['Willkommen, %(name)s!'] },
  {
    id: '%(count)s new message',
    idPlural: '%(count)s new messages',
    strs: ['%(count)s neue Nachricht', '%(count)s neue Nachrichten'],
  },
  { id: 'Saved.', strs: ['Gespeichert.'] },
];
const FRENCH: MoEntry[] = [{ id: 'Welcome, %(name)s!', strs: ['Bienvenue, %(name)s !'] }];

const PAGE = `<h1>{{ _('Welcome, %(name)s!', name=user) }}</h1>
<p>{% trans count=unread %}{{ count }} new message{% pluralize %}{{ count }} new messages{% endtrans %}</p>`;

/** An app root with templates/page.html and catalogs for de and fr in translations/. */
function appWithCatalogs(): Flagon {
  const root = mkdtempSync(join(tmpdir(), 'flagon-babel-'));
  roots.push(root);
  const write = (name: string, data: string | Uint8Array) => {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), data);
  };
  write('templates/page.html', PAGE);
  write('translations/de/LC_MESSAGES/messages.mo', writeMo(GERMAN));
  write('translations/fr/LC_MESSAGES/messages.mo', writeMo(FRENCH));
  const app = new Flagon('test', { rootPath: root });
  app.config.SECRET_KEY = 'test';
  return app;
}

describe('Babel', () => {
  it('renders templates in the locale the selector picks for each request', async () => {
    const app = appWithCatalogs();
    new Babel(app, { localeSelector: (request) => request.args.get('lang') ?? null });
    app.get('/', () => renderTemplate('page.html', { user: 'Ada', unread: 3 }));
    const client = app.testClient();
    const [de, fr, none] = await Promise.all([
      client.get('/?lang=de'),
      client.get('/?lang=fr'),
      client.get('/'),
    ]);
    assert.equal(de.text, '<h1>Willkommen, Ada!</h1>\n<p>3 neue Nachrichten</p>');
    assert.equal(fr.text, '<h1>Bienvenue, Ada !</h1>\n<p>3 new messages</p>');
    assert.equal(none.text, '<h1>Welcome, Ada!</h1>\n<p>3 new messages</p>');
  });

  it('escapes the values placed into a translation', async () => {
    const app = appWithCatalogs();
    new Babel(app, { localeSelector: () => 'de' });
    app.get('/', () => renderTemplate('page.html', { user: '<script>', unread: 1 }));
    assert.equal(
      (await app.testClient().get('/')).text,
      '<h1>Willkommen, &lt;script&gt;!</h1>\n<p>1 neue Nachricht</p>',
    );
  });

  it('chooses among the given locales by Accept-Language without a selector', async () => {
    const app = appWithCatalogs();
    new Babel(app, { locales: ['en', 'de', 'fr'] });
    app.get('/', () => getLocale());
    const client = app.testClient();
    const answer = async (header: string) =>
      (await client.get('/', { headers: { 'Accept-Language': header } })).text;
    assert.equal(await answer('fr-CH, fr;q=0.9'), 'fr');
    assert.equal(await answer('de-AT'), 'de');
    assert.equal(await answer('es'), 'en');
    assert.equal(await answer('en;q=0.5, de;q=0.8'), 'de');
  });

  it('gives views the translations of the request, before any template is rendered', async () => {
    const app = appWithCatalogs();
    new Babel(app, { localeSelector: () => 'de' });
    app.post('/save', () => {
      flash(getTranslations().gettext('Saved.'));
      return getFlashedMessages().join();
    });
    assert.equal((await app.testClient().post('/save')).text, 'Gespeichert.');
  });

  it('falls back to the untranslated text for a locale without a catalog, or one that is not a locale', async () => {
    const app = appWithCatalogs();
    new Babel(app, { localeSelector: (request) => request.args.get('lang') ?? null });
    app.get('/', () => renderTemplate('page.html', { user: 'Ada', unread: 1 }));
    const client = app.testClient();
    for (const lang of ['it', '../translations/de', '%2e%2e']) {
      const res = await client.get(`/?lang=${encodeURIComponent(lang)}`);
      assert.equal(res.status, 200, lang);
      assert.equal(res.text, '<h1>Welcome, Ada!</h1>\n<p>1 new message</p>', lang);
    }
  });

  it('reads catalogs from BABEL_TRANSLATION_DIRECTORIES and BABEL_DOMAIN', async () => {
    const app = appWithCatalogs();
    app.config.set('BABEL_TRANSLATION_DIRECTORIES', 'elsewhere;translations');
    new Babel(app, { localeSelector: () => 'de', domain: 'messages' });
    app.get('/', () => getTranslations().ngettext('%(count)s new message', '%(count)s new messages', 2));
    assert.equal((await app.testClient().get('/')).text, '%(count)s neue Nachrichten');
    assert.equal(app.config.get('BABEL_DEFAULT_LOCALE'), 'en');
  });

  it('leaves trans blocks an unknown tag in apps without Babel', async () => {
    const app = appWithCatalogs();
    app.get('/', () => renderTemplate('page.html', { user: 'Ada', unread: 1 }));
    assert.equal((await app.testClient().get('/')).status, 500);
  });
});

describe('flagon babel', () => {
  it('extracts, starts and compiles a catalog that the app then renders with', async () => {
    const app = appWithCatalogs();
    const root = app.rootPath;
    writeFileSync(join(root, 'templates/page.html'), `${PAGE}\n<footer>{{ _('Contact') }}</footer>`);
    rmSync(join(root, 'translations'), { recursive: true });
    new Babel(app, { localeSelector: () => 'de' });
    const cli = app.testCliRunner();
    const pot = join(root, 'messages.pot');

    const extracted = await cli.invoke(['babel', 'extract', '-o', pot]);
    assert.equal(extracted.exitCode, 0, extracted.stderr);
    assert.match(readFileSync(pot, 'utf8'), /#: templates\/page.html:3\nmsgid "Contact"\nmsgstr ""/);

    const started = await cli.invoke(['babel', 'init', '-l', 'de', '-i', pot]);
    assert.equal(started.exitCode, 0, started.stderr);
    const po = join(root, 'translations/de/LC_MESSAGES/messages.po');
    const translated = readFileSync(po, 'utf8')
      .replace('msgid "Contact"\nmsgstr ""', 'msgid "Contact"\nmsgstr "Kontakt"')
      .replace(
        'msgid "Welcome, %(name)s!"\nmsgstr ""',
        'msgid "Welcome, %(name)s!"\nmsgstr "Willkommen, %(name)s!"',
      );
    writeFileSync(po, translated);

    const compiled = await cli.invoke(['babel', 'compile']);
    assert.equal(compiled.exitCode, 0, compiled.stderr);
    assert.ok(existsSync(join(root, 'translations/de/LC_MESSAGES/messages.mo')));

    app.get('/', () => renderTemplate('page.html', { user: 'Ada', unread: 2 }));
    assert.equal(
      (await app.testClient().get('/')).text,
      '<h1>Willkommen, Ada!</h1>\n<p>2 new messages</p>\n<footer>Kontakt</footer>',
    );
  });

  it('refuses a locale that is not a locale name', async () => {
    const app = appWithCatalogs();
    new Babel(app);
    const result = await app.testCliRunner().invoke(['babel', 'init', '-l', '../../etc', '-i', 'x.pot']);
    assert.equal(result.exitCode, 1);
    assert.match(result.stderr, /not a locale name/);
  });

  it('names the template and line of a template that does not parse', async () => {
    const app = appWithCatalogs();
    writeFileSync(join(app.rootPath, 'templates/broken.html'), '\n{% trans %}{% if x %}{% endtrans %}');
    new Babel(app);
    const result = await app.testCliRunner().invoke(['babel', 'extract', '-o', join(app.rootPath, 'm.pot')]);
    assert.equal(result.exitCode, 1);
    assert.match(
      result.stderr,
      /^Error: Cannot extract from templates\/broken.html: Control structures .*\(line 2\)\n$/,
    );
  });
});
