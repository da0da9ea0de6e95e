import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Babel, Flagon, getTranslations } from 'flagon';

const roots: string[] = [];
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

const HEADER = (extra: string) => `msgid ""
msgstr ""
"Project-Id-Version: test\\n"
"POT-Creation-Date: 2026-01-01 10:00+0000\\n"
${extra}"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
`;

const GERMAN_HEADER = `# German translations.
msgid ""
msgstr ""
"Project-Id-Version: test\\n"
"POT-Creation-Date: 2025-06-01 09:00+0000\\n"
"Language: de\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
`;

interface Entry {
  context: string | null;
  id: string;
  plural: string | null;
  strs: string[];
  fuzzy: boolean;
  obsolete: boolean;
  locations: string;
  comments: string[];
}

/** The entries of a .po file, read the simple way (one line per string, as both writers write short ones). */
function entries(text: string): Entry[] {
  const found: Entry[] = [];
  for (const block of text.split(/\n\n+/)) {
    const lines = block.split('\n').filter((l) => l !== '');
    const obsolete = lines.some((l) => l.startsWith('#~ msgid '));
    const body = lines
      .map((l) => l.replace(/^#~ /, ''))
      .filter((l) => !l.startsWith('#') || l.startsWith('#~'));
    const values = new Map<string, string>();
    let last = '';
    for (const line of body) {
      const m = /^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$/.exec(line);
      if (m !== null) {
        last = m[1] as string;
        values.set(last, JSON.parse(m[2] as string));
      } else if (line.startsWith('"')) values.set(last, (values.get(last) ?? '') + JSON.parse(line));
    }
    const id = values.get('msgid');
    if (id === undefined || id === '') continue;
    const plural = values.get('msgid_plural') ?? null;
    const strs =
      plural === null
        ? [values.get('msgstr') ?? '']
        : [...values.keys()].filter((k) => k.startsWith('msgstr[')).map((k) => values.get(k) as string);
    found.push({
      context: values.get('msgctxt') ?? null,
      id,
      plural,
      strs,
      fuzzy: lines.some((l) => /^#,.*\bfuzzy\b/.test(l)),
      obsolete,
      locations: lines
        .filter((l) => l.startsWith('#: '))
        .map((l) => l.slice(3))
        .join(' '),
      comments: lines.filter((l) => l.startsWith('# ')).map((l) => l.slice(2)),
    });
  }
  return found;
}

function entry(text: string, id: string, context: string | null = null): Entry | undefined {
  return entries(text).find((e) => e.id === id && e.context === context);
}

/** An app whose root has messages.pot and translations/<locale>/LC_MESSAGES/messages.po for each catalog. */
function project(pot: string, catalogs: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), 'flagon-babel-update-'));
  roots.push(root);
  const write = (name: string, data: string) => {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), data);
  };
  write('messages.pot', pot);
  for (const [locale, po] of Object.entries(catalogs))
    write(`translations/${locale}/LC_MESSAGES/messages.po`, po);
  const app = new Flagon('test', { rootPath: root });
  new Babel(app, { localeSelector: () => 'de' });
  const cli = app.testCliRunner();
  return {
    app,
    root,
    pot: join(root, 'messages.pot'),
    po: (locale: string) => join(root, `translations/${locale}/LC_MESSAGES/messages.po`),
    read: (locale: string) =>
      readFileSync(join(root, `translations/${locale}/LC_MESSAGES/messages.po`), 'utf8'),
    update: (...args: string[]) => cli.invoke(['babel', 'update', '-i', join(root, 'messages.pot'), ...args]),
    invoke: (args: string[]) => cli.invoke(args),
  };
}

const POT = `${HEADER('')}
#: templates/page.html:1
msgid "Hello"
msgstr ""

#: templates/page.html:2
msgid "Contact us"
msgstr ""

#: templates/page.html:3
msgid "Log out"
msgstr ""
`;

const DE = `${GERMAN_HEADER}
# Keep it short.
#: templates/old.html:9
msgid "Hello"
msgstr "Hallo"

#: templates/old.html:10
msgid "Goodbye forever"
msgstr "Auf Nimmerwiedersehen"

#: templates/old.html:11
msgid "Contact"
msgstr "Kontakt"
`;

describe('flagon babel update', () => {
  it('keeps the translation of a message still in the template, with the template locations', async () => {
    const p = project(POT, { de: DE });
    const result = await p.update();
    assert.equal(result.exitCode, 0, result.stderr);
    const hello = entry(p.read('de'), 'Hello');
    assert.deepEqual(hello?.strs, ['Hallo']);
    assert.equal(hello?.locations, 'templates/page.html:1');
    assert.equal(hello?.fuzzy, false);
    assert.deepEqual(hello?.comments, ['Keep it short.']);
  });

  it('adds a new message untranslated', async () => {
    const p = project(POT, { de: DE });
    await p.update();
    const logout = entry(p.read('de'), 'Log out');
    assert.deepEqual(logout?.strs, ['']);
    assert.equal(logout?.fuzzy, false);
    assert.equal(logout?.obsolete, false);
  });

  it('makes a message gone from the template obsolete, translation kept', async () => {
    const p = project(POT, { de: DE });
    await p.update();
    const gone = entry(p.read('de'), 'Goodbye forever');
    assert.equal(gone?.obsolete, true);
    assert.deepEqual(gone?.strs, ['Auf Nimmerwiedersehen']);
    assert.match(p.read('de'), /#~ msgid "Goodbye forever"\n#~ msgstr "Auf Nimmerwiedersehen"/);
  });

  it('gives a new message the translation of a close old one, marked fuzzy', async () => {
    const p = project(POT, { de: DE });
    await p.update();
    const text = p.read('de');
    const contact = entry(text, 'Contact us');
    assert.deepEqual(contact?.strs, ['Kontakt']);
    assert.equal(contact?.fuzzy, true);
    // The old message it matched is not also kept as obsolete.
    assert.equal(entry(text, 'Contact'), undefined);
  });

  it('writes the old msgid of a fuzzy match as #| with --previous', async () => {
    const p = project(POT, { de: DE });
    await p.update('--previous');
    assert.match(p.read('de'), /#, fuzzy\n#\| msgid "Contact"\nmsgid "Contact us"\nmsgstr "Kontakt"/);
  });

  it('leaves new messages untranslated with --no-fuzzy-matching', async () => {
    const p = project(POT, { de: DE });
    const result = await p.update('--no-fuzzy-matching');
    assert.equal(result.exitCode, 0, result.stderr);
    const text = p.read('de');
    assert.deepEqual(entry(text, 'Contact us')?.strs, ['']);
    assert.equal(entry(text, 'Contact us')?.fuzzy, false);
    assert.equal(entry(text, 'Contact')?.obsolete, true);
  });

  it('drops messages gone from the template with --ignore-obsolete', async () => {
    const p = project(POT, { de: DE });
    await p.update('--ignore-obsolete');
    const text = p.read('de');
    assert.equal(entry(text, 'Goodbye forever'), undefined);
    assert.doesNotMatch(text, /#~/);
  });

  it('keeps the catalog header and takes the POT-Creation-Date of the template', async () => {
    const p = project(POT, { de: DE });
    await p.update();
    const text = p.read('de');
    assert.match(text, /^# German translations\.\nmsgid ""\nmsgstr ""\n"Project-Id-Version: test\\n"\n/);
    assert.match(text, /"POT-Creation-Date: 2026-01-01 10:00\+0000\\n"/);
    assert.match(text, /"Language: de\\n"\n"Plural-Forms: nplurals=2; plural=\(n != 1\);\\n"/);
  });

  it('updates every catalog, or only the one -l names', async () => {
    const fr = DE.replace('Language: de', 'Language: fr').replace('"Hallo"', '"Bonjour"');
    const all = project(POT, { de: DE, fr });
    assert.equal((await all.update()).exitCode, 0);
    assert.ok(entry(all.read('de'), 'Log out'));
    assert.ok(entry(all.read('fr'), 'Log out'));

    const one = project(POT, { de: DE, fr });
    const result = await one.update('-l', 'fr');
    assert.equal(result.exitCode, 0, result.stderr);
    assert.ok(entry(one.read('fr'), 'Log out'));
    assert.equal(one.read('de'), DE);
  });

  it('reads and writes catalogs in -d under the name -D gives', async () => {
    const p = project(POT, {});
    const po = join(p.root, 'i18n/de/LC_MESSAGES/site.po');
    mkdirSync(dirname(po), { recursive: true });
    writeFileSync(po, DE);
    const result = await p.update('-d', join(p.root, 'i18n'), '-D', 'site');
    assert.equal(result.exitCode, 0, result.stderr);
    assert.deepEqual(entry(readFileSync(po, 'utf8'), 'Hello')?.strs, ['Hallo']);
  });

  it('starts the catalog of a language that has none with --init-missing', async () => {
    const p = project(POT, { de: DE });
    const result = await p.update('-l', 'pt_BR', '--init-missing');
    assert.equal(result.exitCode, 0, result.stderr);
    const text = p.read('pt_BR');
    assert.match(text, /"Language: pt_BR\\n"/);
    assert.deepEqual(
      entries(text).map((e) => e.id),
      ['Hello', 'Contact us', 'Log out'],
    );
  });

  it('keeps plural translations, with as many forms as the catalog Plural-Forms says', async () => {
    const pot = `${HEADER('')}
#: a.html:1
msgid "%(num)s file"
msgid_plural "%(num)s files"
msgstr[0] ""
msgstr[1] ""

#: a.html:2
msgid "%(num)s apple"
msgid_plural "%(num)s apples"
msgstr[0] ""
msgstr[1] ""
`;
    const pl = `${GERMAN_HEADER.replace('Language: de', 'Language: pl').replace(
      'nplurals=2; plural=(n != 1);',
      'nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);',
    )}
msgid "%(num)s file"
msgid_plural "%(num)s files"
msgstr[0] "%(num)s plik"
msgstr[1] "%(num)s pliki"
msgstr[2] "%(num)s plików"
`;
    const p = project(pot, { pl });
    const result = await p.update('--no-fuzzy-matching');
    assert.equal(result.exitCode, 0, result.stderr);
    const text = p.read('pl');
    assert.deepEqual(entry(text, '%(num)s file')?.strs, ['%(num)s plik', '%(num)s pliki', '%(num)s plików']);
    assert.equal(entry(text, '%(num)s file')?.fuzzy, false);
    assert.deepEqual(entry(text, '%(num)s apple')?.strs, ['', '', '']);
  });

  it('marks fuzzy a message that became plural, keeping its translation as the first form', async () => {
    const pot = `${HEADER('')}
msgid "%(num)s item"
msgid_plural "%(num)s items"
msgstr[0] ""
msgstr[1] ""
`;
    const de = `${GERMAN_HEADER}
msgid "%(num)s item"
msgstr "%(num)s Eintrag"
`;
    const p = project(pot, { de });
    await p.update();
    const item = entry(p.read('de'), '%(num)s item');
    assert.equal(item?.plural, '%(num)s items');
    assert.deepEqual(item?.strs, ['%(num)s Eintrag', '']);
    assert.equal(item?.fuzzy, true);
  });

  it('keys messages by context as well as id', async () => {
    const pot = `${HEADER('')}
msgctxt "menu"
msgid "Open"
msgstr ""

msgctxt "state"
msgid "Open"
msgstr ""
`;
    const de = `${GERMAN_HEADER}
msgctxt "menu"
msgid "Open"
msgstr "Öffnen"

msgctxt "door"
msgid "Open"
msgstr "Offen"
`;
    const p = project(pot, { de });
    await p.update('--no-fuzzy-matching');
    const text = p.read('de');
    assert.deepEqual(entry(text, 'Open', 'menu')?.strs, ['Öffnen']);
    assert.deepEqual(entry(text, 'Open', 'state')?.strs, ['']);
    assert.equal(entry(text, 'Open', 'door')?.obsolete, true);
  });

  it('compiles an updated catalog into one the app renders the kept translation with', async () => {
    const p = project(POT, { de: DE });
    assert.equal((await p.update()).exitCode, 0);
    const compiled = await p.invoke(['babel', 'compile']);
    assert.equal(compiled.exitCode, 0, compiled.stderr);
    p.app.get('/', () =>
      ['Hello', 'Contact us', 'Log out'].map((m) => getTranslations().gettext(m)).join('|'),
    );
    // The fuzzy match is not compiled in, as msgfmt leaves fuzzy entries out.
    assert.equal((await p.app.testClient().get('/')).text, 'Hallo|Contact us|Log out');
  });

  it('writes the POT-Creation-Date of extract, which update carries into the catalog', async () => {
    const p = project(POT, { de: DE });
    mkdirSync(join(p.root, 'templates'));
    writeFileSync(join(p.root, 'templates/page.html'), "{{ _('Hello') }}");
    assert.equal((await p.invoke(['babel', 'extract', '-o', p.pot])).exitCode, 0);
    const created = /"POT-Creation-Date: (\d{4}-\d\d-\d\d \d\d:\d\d\+0000)\\n"/.exec(
      readFileSync(p.pot, 'utf8'),
    );
    assert.ok(created);
    await p.update();
    assert.ok(p.read('de').includes(`"POT-Creation-Date: ${created[1]}\\n"`));
  });
});

describe('flagon babel update: bad input', () => {
  it('names a missing template', async () => {
    const p = project(POT, { de: DE });
    const result = await p.invoke(['babel', 'update', '-i', join(p.root, 'nope.pot')]);
    assert.equal(result.exitCode, 1);
    assert.match(
      result.stderr,
      /^Error: No message template at .*nope\.pot: run flagon babel extract first\.\n$/,
    );
  });

  it('names the template and line of a template that does not parse', async () => {
    const p = project(`${POT}\nmsgid "dangling"\n`, { de: DE });
    const result = await p.update();
    assert.equal(result.exitCode, 1);
    assert.match(
      result.stderr,
      /^Error: Cannot read the message template .*messages\.pot: line \d+: msgid without msgstr/,
    );
    assert.equal(p.read('de'), DE);
  });

  it('names the catalog and line of a catalog that does not parse, and writes nothing to it', async () => {
    const broken = `${DE}\nmsgid "x"\nmsgstr "y" trailing\n`;
    const p = project(POT, { de: broken, fr: DE });
    const result = await p.update();
    assert.equal(result.exitCode, 1);
    assert.match(
      result.stderr,
      /Cannot read the catalog .*de\/LC_MESSAGES\/messages\.po: line \d+: expected a quoted/,
    );
    assert.equal(p.read('de'), broken);
    // The other catalog is still updated.
    assert.ok(entry(p.read('fr'), 'Log out'));
  });

  it('refuses a catalog whose Plural-Forms has no nplurals', async () => {
    const bad = DE.replace('nplurals=2; ', '');
    const p = project(POT, { de: bad });
    const result = await p.update();
    assert.equal(result.exitCode, 1);
    assert.match(
      result.stderr,
      /Cannot update .*messages\.po: its Plural-Forms header has no valid nplurals/,
    );
    assert.equal(p.read('de'), bad);
  });

  it('refuses a -l without catalog unless --init-missing, and a locale that is not a locale name', async () => {
    const p = project(POT, { de: DE });
    const missing = await p.update('-l', 'it');
    assert.equal(missing.exitCode, 1);
    assert.match(missing.stderr, /No catalog at .*it\/LC_MESSAGES\/messages\.po/);
    const bad = await p.update('-l', '../../etc');
    assert.equal(bad.exitCode, 1);
    assert.match(bad.stderr, /not a locale name/);
  });

  it('says so when there is no catalog to update', async () => {
    const p = project(POT, {});
    const result = await p.update();
    assert.equal(result.exitCode, 1);
    assert.match(result.stderr, /No message catalogs found in .*translations/);
  });
});

// ---------------------------------------------------------------- interop with pybabel

const PYBABEL = ['/usr/bin/python3', '-c', 'import babel.messages.frontend'];
const hasBabel =
  existsSync('/usr/bin/python3') && spawnSync(PYBABEL[0] as string, PYBABEL.slice(1)).status === 0;

describe('flagon babel update beside pybabel update', {
  skip: hasBabel ? false : 'python3-babel is not installed (.ci/install-components installs it)',
}, () => {
  const pot = `${HEADER('')}
#: a.html:1
msgid "hello"
msgstr ""

#: a.html:2
msgid "contact us today"
msgstr ""

#: a.html:3
msgid "%(num)s file"
msgid_plural "%(num)s files"
msgstr[0] ""
msgstr[1] ""

#: a.html:4
msgctxt "menu"
msgid "open"
msgstr ""

#: a.html:5
msgid "save changes"
msgstr ""

#: a.html:6
msgid "a brand new message"
msgstr ""

#: a.html:7
msgid "%(num)s item"
msgid_plural "%(num)s items"
msgstr[0] ""
msgstr[1] ""
`;
  const de = `${GERMAN_HEADER}
msgid "hello"
msgstr "hallo"

msgid "contact us"
msgstr "kontaktieren sie uns"

msgid "%(num)s file"
msgid_plural "%(num)s files"
msgstr[0] "%(num)s Datei"
msgstr[1] "%(num)s Dateien"

msgctxt "menu"
msgid "open"
msgstr "öffnen"

msgctxt "door"
msgid "open"
msgstr "offen"

#, fuzzy
msgid "save change"
msgstr "Änderung speichern"

msgid "totally unrelated words"
msgstr "völlig andere Wörter"

msgid "%(num)s item"
msgstr "%(num)s Eintrag"

#~ msgid "long gone"
#~ msgstr "längst weg"
`;

  const compare = async (args: string[]) => {
    const p = project(pot, { de });
    const theirs = join(p.root, 'python');
    cpSync(join(p.root, 'translations'), theirs, { recursive: true });
    const python = spawnSync(
      '/usr/bin/python3',
      ['-m', 'babel.messages.frontend', 'update', '-i', p.pot, '-d', theirs, ...args],
      { encoding: 'utf8' },
    );
    assert.equal(python.status, 0, python.stderr);
    const ours = await p.update(...args);
    assert.equal(ours.exitCode, 0, ours.stderr);
    const shape = (text: string) =>
      entries(text)
        .map(({ context, id, plural, strs, fuzzy, obsolete }) => ({
          context,
          id,
          plural,
          strs,
          fuzzy,
          obsolete,
        }))
        .sort((a, b) => `${a.obsolete}${a.id}${a.context}`.localeCompare(`${b.obsolete}${b.id}${b.context}`));
    const expected = shape(readFileSync(join(theirs, 'de/LC_MESSAGES/messages.po'), 'utf8'));
    assert.ok(expected.length >= 7, 'pybabel wrote the entries');
    assert.deepEqual(shape(p.read('de')), expected);
  };

  it('gives the entries pybabel gives, with fuzzy matching', () => compare([]));
  it('gives the entries pybabel gives, with --no-fuzzy-matching', () => compare(['--no-fuzzy-matching']));
  it('gives the entries pybabel gives, with --ignore-obsolete', () => compare(['--ignore-obsolete']));
});
