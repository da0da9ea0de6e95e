import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  _,
  Babel,
  Flagon,
  gettext,
  jsonify,
  LazyString,
  lazyGettext,
  lazyNgettext,
  lazyPgettext,
  ngettext,
  npgettext,
  pgettext,
  renderTemplate,
} from 'flagon';
// The engine's test helper writes real GNU .mo files (its own tests check them against Python's gettext).
import { type MoEntry, writeMo } from '../../../templates/test/ext/helpers/mo-writer.ts';

const roots: string[] = [];
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

const GERMAN: MoEntry[] = [
  { id: 'Saved.', strs: ['Gespeichert.'] },
  { id: 'Welcome, %(name)s!', strs: ['Willkommen, %(name)s!'] },
  { id: '%(num)d apple', idPlural: '%(num)d apples', strs: ['%(num)d Apfel', '%(num)d Äpfel'] },
  { context: 'verb', id: 'Open', strs: ['Öffnen'] },
  { context: 'adjective', id: 'Open', strs: ['Offen'] },
  {
    context: 'inbox',
    id: '%(num)d message',
    idPlural: '%(num)d messages',
    strs: ['%(num)d Nachricht', '%(num)d Nachrichten'],
  },
  { id: 'Fish & chips', strs: ['Fisch & Pommes <frisch>'] },
];
const FRENCH: MoEntry[] = [
  { id: 'Saved.', strs: ['Enregistré.'] },
  { id: 'Fish & chips', strs: ['Poisson-frites'] },
];

/** An app root with catalogs for de and fr; ?lang= picks the locale of each request. */
function appWithCatalogs(templates: Record<string, string> = {}): Flagon {
  const root = mkdtempSync(join(tmpdir(), 'flagon-gettext-'));
  roots.push(root);
  const write = (name: string, data: string | Uint8Array) => {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), data);
  };
  write('translations/de/LC_MESSAGES/messages.mo', writeMo(GERMAN));
  write('translations/fr/LC_MESSAGES/messages.mo', writeMo(FRENCH));
  for (const [name, source] of Object.entries(templates)) write(`templates/${name}`, source);
  const app = new Flagon('test', { rootPath: root });
  new Babel(app, { localeSelector: (request) => request.args.get('lang') ?? null });
  return app;
}

// Module level, before any app or request exists: what lazy strings are for.
const DISH = lazyGettext('Fish & chips');

describe('gettext and friends in views', () => {
  it('translates into the locale the selector picks for the request', async () => {
    const app = appWithCatalogs();
    app.get('/', () => gettext('Saved.'));
    const client = app.testClient();
    assert.equal((await client.get('/?lang=de')).text, 'Gespeichert.');
    assert.equal((await client.get('/?lang=fr')).text, 'Enregistré.');
    assert.equal((await client.get('/')).text, 'Saved.');
  });

  it('gives the same function as _', async () => {
    const app = appWithCatalogs();
    app.get('/', () => _('Saved.'));
    assert.equal(_, gettext);
    assert.equal((await app.testClient().get('/?lang=de')).text, 'Gespeichert.');
  });

  it('translates into the default locale in an application context outside a request (a script, a command)', () => {
    const app = appWithCatalogs();
    app.config.set('BABEL_DEFAULT_LOCALE', 'de');
    // No request has run and no template has loaded the engine yet.
    assert.equal(
      app.appContext().run(() => gettext('Welcome, %(name)s!', { name: 'Ada' })),
      'Willkommen, Ada!',
    );
  });

  it('returns the untranslated text, formatted, outside an application context', () => {
    assert.equal(gettext('Saved.'), 'Saved.');
    assert.equal(gettext('Welcome, %(name)s!', { name: 'Ada' }), 'Welcome, Ada!');
    assert.equal(ngettext('%(num)d apple', '%(num)d apples', 1), '1 apple');
    assert.equal(ngettext('%(num)d apple', '%(num)d apples', 4), '4 apples');
    assert.equal(pgettext('verb', 'Open'), 'Open');
    assert.equal(npgettext('inbox', '%(num)d message', '%(num)d messages', 2), '2 messages');
  });

  it('formats the translation with the named variables, and leaves text without variables alone', async () => {
    const app = appWithCatalogs();
    app.get('/', () =>
      [gettext('Welcome, %(name)s!', { name: 'Ada' }), gettext('100% sure'), gettext('100%% sure', {})].join(
        '|',
      ),
    );
    assert.equal((await app.testClient().get('/?lang=de')).text, 'Willkommen, Ada!|100% sure|100%% sure');
  });

  it('returns plain strings: the values are not escaped, templates escape the whole text', async () => {
    const app = appWithCatalogs({ 'welcome.html': '<p>{{ message }}</p>' });
    app.get('/raw', () => gettext('Welcome, %(name)s!', { name: '<b>' }));
    app.get('/page', () =>
      renderTemplate('welcome.html', { message: gettext('Welcome, %(name)s!', { name: '<b>' }) }),
    );
    const client = app.testClient();
    assert.equal((await client.get('/raw?lang=de')).text, 'Willkommen, <b>!');
    assert.equal((await client.get('/page?lang=de')).text, '<p>Willkommen, &lt;b&gt;!</p>');
  });

  it('chooses the plural form by num and offers num to the message', async () => {
    const app = appWithCatalogs();
    app.get('/<int:n>', ({ n }) => ngettext('%(num)d apple', '%(num)d apples', n as number));
    const client = app.testClient();
    assert.equal((await client.get('/1?lang=de')).text, '1 Apfel');
    assert.equal((await client.get('/3?lang=de')).text, '3 Äpfel');
    assert.equal((await client.get('/3')).text, '3 apples');
  });

  it('lets the variables override num', async () => {
    const app = appWithCatalogs();
    app.get('/', () => ngettext('%(num)s apple', '%(num)s apples', 2, { num: 'two' }));
    assert.equal((await app.testClient().get('/')).text, 'two apples');
  });

  it('tells messages of the same text apart by their context', async () => {
    const app = appWithCatalogs();
    app.get('/', () =>
      [
        pgettext('verb', 'Open'),
        pgettext('adjective', 'Open'),
        npgettext('inbox', '%(num)d message', '%(num)d messages', 1),
        npgettext('inbox', '%(num)d message', '%(num)d messages', 5),
      ].join('|'),
    );
    assert.equal((await app.testClient().get('/?lang=de')).text, 'Öffnen|Offen|1 Nachricht|5 Nachrichten');
  });

  it('falls back to the original text for a message the catalog lacks', async () => {
    const app = appWithCatalogs();
    app.get('/', () =>
      [
        gettext('Deleted %(title)s.', { title: 'Post' }),
        pgettext('noun', 'Open'),
        ngettext('%(num)d pear', '%(num)d pears', 2),
        npgettext('outbox', '%(num)d message', '%(num)d messages', 1),
      ].join('|'),
    );
    assert.equal((await app.testClient().get('/?lang=fr')).text, 'Deleted Post.|Open|2 pears|1 message');
  });
});

describe('lazy strings', () => {
  it('translate in the locale of each request they are used in', async () => {
    const app = appWithCatalogs();
    app.get('/', () => String(DISH));
    const client = app.testClient();
    const [de, fr, en] = await Promise.all([
      client.get('/?lang=de'),
      client.get('/?lang=fr'),
      client.get('/'),
    ]);
    assert.equal(de.text, 'Fisch & Pommes <frisch>');
    assert.equal(fr.text, 'Poisson-frites');
    assert.equal(en.text, 'Fish & chips');
  });

  it('print as escaped text in templates', async () => {
    const app = appWithCatalogs({ 'menu.html': '<li>{{ dish }}</li>' });
    app.get('/', () => renderTemplate('menu.html', { dish: DISH }));
    assert.equal(
      (await app.testClient().get('/?lang=de')).text,
      '<li>Fisch &amp; Pommes &lt;frisch&gt;</li>',
    );
  });

  it('are written by jsonify as their translation', async () => {
    const app = appWithCatalogs();
    app.get('/', () => jsonify({ dish: DISH, apples: lazyNgettext('%(num)d apple', '%(num)d apples', 2) }));
    const client = app.testClient();
    assert.deepEqual((await client.get('/?lang=de')).json, {
      dish: 'Fisch & Pommes <frisch>',
      apples: '2 Äpfel',
    });
    assert.deepEqual((await client.get('/?lang=fr')).json, { dish: 'Poisson-frites', apples: '2 apples' });
  });

  it('translate with a context and format their variables when used', async () => {
    const app = appWithCatalogs();
    const open = lazyPgettext('verb', 'Open');
    const welcome = lazyGettext('Welcome, %(name)s!', { name: 'Ada' });
    app.get('/', () => `${open} ${welcome}`);
    assert.equal((await app.testClient().get('/?lang=de')).text, 'Öffnen Willkommen, Ada!');
  });

  it('are LazyStrings that give the untranslated text outside a context', () => {
    assert.ok(DISH instanceof LazyString);
    assert.equal(String(DISH), 'Fish & chips');
    assert.equal(JSON.stringify([DISH]), '["Fish & chips"]');
  });
});
