import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  CatalogError,
  collectMessages,
  writeMo as compileMo,
  Environment,
  formatPot,
  GNUTranslations,
  loadTranslations,
  NullTranslations,
  parseMo,
  parsePo,
  pluralFunction,
} from '../../src/index.ts';
import { type MoEntry, writeMo } from './helpers/mo-writer.ts';
import { python, pythonSkipReason } from './helpers/python.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

const RULES = [
  '(n != 1)',
  'n>1',
  '0',
  '(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)',
  '(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2',
  '(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5)',
  'n==1 || n%10==1 ? 0 : 1',
  '!(n == 1)',
  'n / 10 % 3 + n * 2 - 1 < 40',
];

describe('plural-forms expressions', () => {
  it('choose the same form as Python gettext.c2py for the catalogs of real languages', {
    skip: pythonSkipReason,
  }, async () => {
    const ns = Array.from({ length: 250 }, (_, i) => i);
    const results = await python(RULES.map((expression) => ({ op: 'plural', expression, ns })));
    RULES.forEach((expression, i) => {
      const fn = pluralFunction(expression);
      assert.deepEqual({ ok: ns.map(fn) }, results[i], expression);
    });
  });

  it('refuses anything but n, integers and the C operators gettext allows', () => {
    for (const bad of [
      'n ** 2',
      'x',
      'n; process.exit()',
      '__proto__',
      'n ? 1',
      '(n',
      'n == ',
      'n >> 1',
      '1e3',
    ]) {
      assert.throws(() => pluralFunction(bad), CatalogError, bad);
    }
  });

  it('refuses expressions too long or too deeply nested to evaluate safely', () => {
    assert.throws(() => pluralFunction(`${'n+'.repeat(600)}1`), /too long/);
    assert.throws(() => pluralFunction(`${'('.repeat(30)}n${')'.repeat(30)}`), /too complex/);
    assert.throws(() => pluralFunction(`${'!'.repeat(50)}n`), /too complex/);
  });

  it('reports a division by zero as a catalog error', () => {
    assert.throws(() => pluralFunction('n % 0')(3), CatalogError);
  });
});

const ENTRIES: MoEntry[] = [
  { id: 'Hello', strs: ['Hallo'] },
  { id: 'Hello %(name)s!', strs: ['Hallo %(name)s!'] },
  { id: '%(num)d apple', idPlural: '%(num)d apples', strs: ['%(num)d Apfel', '%(num)d Äpfel'] },
  { context: 'menu', id: 'Open', strs: ['Öffnen'] },
  { context: 'door', id: 'Open', strs: ['Offen'] },
  {
    context: 'mail',
    id: '%(num)d message',
    idPlural: '%(num)d messages',
    strs: ['%(num)d Nachricht', '%(num)d Nachrichten'],
  },
  { id: 'Ünïcode ✓ 🎉', strs: ['Unicode ✓ 🎉'] },
];

const CALLS: (string | number)[][] = [
  ['gettext', 'Hello'],
  ['gettext', 'Missing'],
  ['gettext', 'Ünïcode ✓ 🎉'],
  ['gettext', 'Open'],
  ...[0, 1, 2, 5, 21].map((n) => ['ngettext', '%(num)d apple', '%(num)d apples', n]),
  ['ngettext', 'no such', 'no such plural', 1],
  ['ngettext', 'no such', 'no such plural', 3],
  ['pgettext', 'menu', 'Open'],
  ['pgettext', 'door', 'Open'],
  ['pgettext', 'window', 'Open'],
  ...[1, 4].map((n) => ['npgettext', 'mail', '%(num)d message', '%(num)d messages', n]),
  ['npgettext', 'post', '%(num)d message', '%(num)d messages', 4],
];

function lookup(t: NullTranslations, call: (string | number)[]): string {
  const [name, ...args] = call as [keyof NullTranslations, ...never[]];
  return (t[name] as (...a: unknown[]) => string)(...args);
}

describe('.mo catalogs', () => {
  for (const bigEndian of [false, true]) {
    it(`read a ${bigEndian ? 'big' : 'little'}-endian catalog exactly as Python's GNUTranslations does`, {
      skip: pythonSkipReason,
    }, async () => {
      const mo = writeMo(ENTRIES, { bigEndian });
      const [expected] = await python([{ op: 'lookups', mo: hex(mo), calls: CALLS }]);
      const ours = GNUTranslations.fromMo(mo);
      assert.deepEqual({ ok: CALLS.map((c) => lookup(ours, c)) }, expected);
    });
  }

  it('choose plural forms with the Plural-Forms header of the catalog (Polish has three)', () => {
    const header =
      'Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n';
    const t = GNUTranslations.fromMo(
      writeMo([{ id: 'file', idPlural: 'files', strs: ['plik', 'pliki', 'plików'] }], { header }),
    );
    assert.deepEqual(
      [1, 2, 5, 22, 25, 112].map((n) => t.ngettext('file', 'files', n)),
      ['plik', 'pliki', 'plików', 'pliki', 'plików', 'plików'],
    );
  });

  it('decode text in the charset the header names', () => {
    const header = 'Content-Type: text/plain; charset=ISO-8859-1\n';
    const t = GNUTranslations.fromMo(
      writeMo([{ id: 'cafe', strs: ['café'] }], { header, charset: 'latin1' }),
    );
    assert.equal(t.gettext('cafe'), 'café');
    assert.equal(t.info().get('content-type'), 'text/plain; charset=ISO-8859-1');
  });

  it('refuse a file that is not a catalog, or whose strings lie outside it', () => {
    assert.throws(() => parseMo(new Uint8Array(10)), /shorter than its header/);
    assert.throws(() => parseMo(new Uint8Array(40)), /bad magic number/);
    const mo = writeMo(ENTRIES);
    assert.throws(() => parseMo(mo.subarray(0, mo.length - 40)), /corrupt/);
    const wrongVersion = new Uint8Array(mo);
    new DataView(wrongVersion.buffer).setUint32(4, 0x20000, true);
    assert.throws(() => parseMo(wrongVersion), /version 2/);
  });

  it('stop at the end of the file when the header claims four billion messages', () => {
    const mo = new Uint8Array(writeMo(ENTRIES));
    new DataView(mo.buffer).setUint32(8, 0xffffffff, true);
    assert.throws(() => parseMo(mo), /The .mo catalog is corrupt/);
  });

  it('refuse text that is invalid in the catalog charset', () => {
    const mo = Buffer.from(writeMo([{ id: 'x', strs: ['é'] }]));
    const at = mo.lastIndexOf(Buffer.from('é'));
    mo[at + 1] = 0x41; // breaks the UTF-8 sequence
    assert.throws(() => parseMo(new Uint8Array(mo)), /not valid utf-8/);
  });

  it('answer from a fallback when a message is missing', () => {
    const de = GNUTranslations.fromMo(writeMo([{ id: 'Hello', strs: ['Hallo'] }]));
    de.addFallback(GNUTranslations.fromMo(writeMo([{ id: 'Bye', strs: ['Tschüss'] }])));
    assert.deepEqual(
      [de.gettext('Hello'), de.gettext('Bye'), de.gettext('Other')],
      ['Hallo', 'Tschüss', 'Other'],
    );
  });
});

describe('.po catalogs', () => {
  const PO = String.raw`# German translations
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

#: templates/index.html:3
msgid "Hello"
msgstr "Hallo"

msgid ""
"A long "
"message"
msgstr "Eine lange\tNachricht \"zitiert\"\n"

msgctxt "menu"
msgid "Open"
msgstr "Öffnen"

msgid "%(num)d apple"
msgid_plural "%(num)d apples"
msgstr[0] "%(num)d Apfel"
msgstr[1] "%(num)d Äpfel"

#, fuzzy
msgid "Guess"
msgstr "Vermutung"

msgid "Untranslated"
msgstr ""

#~ msgid "Old"
#~ msgstr "Alt"
`;

  it('read messages, continuations, escapes, contexts and plurals', () => {
    const t = GNUTranslations.fromPo(PO);
    assert.equal(t.gettext('Hello'), 'Hallo');
    assert.equal(t.gettext('A long message'), 'Eine lange\tNachricht "zitiert"\n');
    assert.equal(t.pgettext('menu', 'Open'), 'Öffnen');
    assert.equal(t.ngettext('%(num)d apple', '%(num)d apples', 3), '%(num)d Äpfel');
  });

  it('leave out fuzzy, obsolete and untranslated entries, as msgfmt does', () => {
    const t = GNUTranslations.fromPo(PO);
    assert.deepEqual(
      [t.gettext('Guess'), t.gettext('Untranslated'), t.gettext('Old')],
      ['Guess', 'Untranslated', 'Old'],
    );
  });

  it('name the line of a malformed entry', () => {
    assert.throws(() => GNUTranslations.fromPo('msgid "a"\nmsgstr b\n'), /Line 2 .*quoted string/);
    assert.throws(() => GNUTranslations.fromPo('msgid "a"\nbogus "b"\n'), /Line 2 .*cannot read/);
    assert.throws(() => GNUTranslations.fromPo('msgid "a\\q"\nmsgstr "b"\n'), /Line 1 .*unknown escape/);
  });
});

describe('loadTranslations', () => {
  const root = mkdtempSync(join(tmpdir(), 'flagon-i18n-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const write = (dir: string, locale: string, entries: MoEntry[], domain = 'messages') => {
    mkdirSync(join(dir, locale, 'LC_MESSAGES'), { recursive: true });
    writeFileSync(join(dir, locale, 'LC_MESSAGES', `${domain}.mo`), writeMo(entries));
  };
  const app = join(root, 'app');
  const theme = join(root, 'theme');
  write(app, 'de', [{ id: 'Hello', strs: ['Hallo'] }]);
  write(app, 'fr', [{ id: 'Hello', strs: ['Bonjour'] }], 'admin');
  write(theme, 'de', [
    { id: 'Search', strs: ['Suche'] },
    { id: 'Hello', strs: ['Servus'] },
  ]);

  it('finds <dir>/<locale>/LC_MESSAGES/messages.mo, trying de_AT then de', () => {
    assert.equal(loadTranslations(app, 'de_AT').gettext('Hello'), 'Hallo');
    assert.equal(loadTranslations(app, 'de-AT.UTF-8').gettext('Hello'), 'Hallo');
  });

  it('takes the first locale of a list that has a catalog, in the given domain', () => {
    assert.equal(loadTranslations(app, ['it', 'fr'], { domain: 'admin' }).gettext('Hello'), 'Bonjour');
  });

  it('lets the first directory answer first and the others fill in', () => {
    const t = loadTranslations([app, theme], 'de');
    assert.deepEqual([t.gettext('Hello'), t.gettext('Search')], ['Hallo', 'Suche']);
  });

  it('answers NullTranslations for a locale without a catalog or one that looks like a path', () => {
    for (const locale of ['es', '../app/de', 'de/../../x', '']) {
      const t = loadTranslations(app, locale);
      assert.ok(t instanceof NullTranslations && !(t instanceof GNUTranslations), locale);
    }
    assert.throws(() => loadTranslations(app, 'de', { domain: '../x' }), CatalogError);
  });
});

describe('writing catalogs', () => {
  const PO = String.raw`msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"

msgid "Hello"
msgstr "Cześć"

msgctxt "menu"
msgid "Open"
msgstr "Otwórz"

msgid "%(num)d file"
msgid_plural "%(num)d files"
msgstr[0] "%(num)d plik"
msgstr[1] "%(num)d pliki"
msgstr[2] "%(num)d plików"
`;
  const CALLS_PL: (string | number)[][] = [
    ['gettext', 'Hello'],
    ['pgettext', 'menu', 'Open'],
    ...[1, 2, 5, 22].map((n) => ['ngettext', '%(num)d file', '%(num)d files', n]),
  ];

  for (const bigEndian of [false, true]) {
    it(`compiles a .po into a ${bigEndian ? 'big' : 'little'}-endian .mo that Python's gettext reads the same way`, {
      skip: pythonSkipReason,
    }, async () => {
      const mo = compileMo(parsePo(PO), { bigEndian });
      const [expected] = await python([{ op: 'lookups', mo: hex(mo), calls: CALLS_PL }]);
      assert.deepEqual({ ok: CALLS_PL.map((c) => lookup(GNUTranslations.fromPo(PO), c)) }, expected);
      assert.deepEqual(parseMo(mo).pluralIds.get('%(num)d file'), '%(num)d files');
    });
  }

  it('writes a .pot of the messages found in templates, with their locations, that reads back', () => {
    const env = new Environment({ extensions: ['i18n'] });
    const found = [
      {
        file: 'templates/a.html',
        messages: env.extractTranslations('{{ _("Hello") }}\n{{ _("Say \\"hi\\"\\n") }}{{ _(x) }}'),
      },
      {
        file: 'templates/b.html',
        messages: env.extractTranslations(
          '{{ _("Hello") }}{% trans "menu" count=n %}{{ count }} item{% pluralize %}{{ count }} items{% endtrans %}',
        ),
      },
    ];
    const pot = formatPot(collectMessages(found));
    assert.match(pot, /#: templates\/a.html:1 templates\/b.html:1\nmsgid "Hello"\nmsgstr ""/);
    assert.match(
      pot,
      /#, python-format\nmsgctxt "menu"\nmsgid "%\(count\)s item"\nmsgid_plural "%\(count\)s items"\nmsgstr\[0\] ""/,
    );
    const back = parsePo(
      pot.replaceAll('msgstr ""\n\n', 'msgstr "x"\n\n').replaceAll('msgstr[0] ""', 'msgstr[0] "y"'),
    );
    assert.deepEqual([...back.messages.keys()], ['Hello', 'Say "hi"\n']);
    assert.deepEqual([...back.plurals.keys()], ['menu\x04%(count)s item']);
  });
});
