import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Babel, Flagon } from 'flagon';

const roots: string[] = [];
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** JavaScript source with `@{` for a template literal's `${` (which the linter takes for a mistake in a string). */
const js = (text: string) => text.replaceAll('@{', '$' + '{');

const FIXTURE = join(import.meta.dirname, 'fixtures/sources/views.ts');

/** An app whose root holds the given files, with Flask-Babel's commands. */
function appWith(files: Record<string, string>): Flagon {
  const root = mkdtempSync(join(tmpdir(), 'flagon-extract-'));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  const app = new Flagon('test', { rootPath: root });
  new Babel(app);
  return app;
}

interface PotEntry {
  locations: string[];
  context: string | null;
  id: string;
  plural: string | null;
}

/** The messages of a .pot as formatPot writes them (one-line strings). */
function parsePot(text: string): PotEntry[] {
  const field = (block: string, name: string) => {
    const match = new RegExp(`^${name} (".*")$`, 'm').exec(block);
    return match === null ? null : (JSON.parse(match[1] as string) as string);
  };
  return text
    .split('\n\n')
    .slice(1)
    .map((block) => ({
      locations: (/^#: (.*)$/m.exec(block)?.[1] ?? '').split(' ').filter(Boolean),
      context: field(block, 'msgctxt'),
      id: field(block, 'msgid') as string,
      plural: field(block, 'msgid_plural'),
    }));
}

/** Runs `flagon babel extract` with the extra arguments and returns the result and the .pot's messages. */
async function extract(app: Flagon, ...args: string[]) {
  const pot = join(app.rootPath, 'messages.pot');
  const result = await app.testCliRunner().invoke(['babel', 'extract', '-o', pot, ...args]);
  const entries = existsSync(pot) ? parsePot(readFileSync(pot, 'utf8')) : [];
  rmSync(pot, { force: true });
  return { result, entries, ids: entries.map((e) => e.id) };
}

describe('flagon babel extract from sources', () => {
  it('extracts every keyword form with its context and plural', async () => {
    const app = appWith({
      'views.ts': [
        "_('one');",
        "gettext('two');",
        "ngettext('apple', 'apples', n);",
        "pgettext('menu', 'File');",
        "npgettext('cart', 'item', 'items', n);",
        "lazyGettext('lazy');",
        "lazyNgettext('lazy file', 'lazy files', n);",
        "lazyPgettext('verb', 'Open');",
      ].join('\n'),
    });
    const { result, entries } = await extract(app);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.deepEqual(entries, [
      { locations: ['views.ts:1'], context: null, id: 'one', plural: null },
      { locations: ['views.ts:2'], context: null, id: 'two', plural: null },
      { locations: ['views.ts:3'], context: null, id: 'apple', plural: 'apples' },
      { locations: ['views.ts:4'], context: 'menu', id: 'File', plural: null },
      { locations: ['views.ts:5'], context: 'cart', id: 'item', plural: 'items' },
      { locations: ['views.ts:6'], context: null, id: 'lazy', plural: null },
      { locations: ['views.ts:7'], context: null, id: 'lazy file', plural: 'lazy files' },
      { locations: ['views.ts:8'], context: 'verb', id: 'Open', plural: null },
    ]);
  });

  it('reads TypeScript with types, generics, as casts and classes at their own lines', async () => {
    const app = appWith({
      'src/views.ts': [
        'interface Page<T> { items: T[] }',
        'export class View<T extends object> {',
        '  private title: string = gettext<string>("Typed title");',
        '  render(page: Page<T>): string {',
        "    return (ngettext('%(num)d row', '%(num)d rows', page.items.length) as unknown as string);",
        '  }',
        '}',
        "const map = new Map<string, Array<string>>([['k', [_('In generics')]]]);",
        "const ok = <const>['x'] satisfies string[]; _('After satisfies');",
      ].join('\n'),
    });
    const { entries } = await extract(app);
    assert.deepEqual(
      entries.map((e) => [e.locations, e.id]),
      [
        [['src/views.ts:3'], 'Typed title'],
        [['src/views.ts:5'], '%(num)d row'],
        [['src/views.ts:8'], 'In generics'],
        [['src/views.ts:9'], 'After satisfies'],
      ],
    );
  });

  it('ignores keyword-looking text in comments and strings', async () => {
    const app = appWith({
      'a.js': [
        "// gettext('line comment')",
        "/* _('block') \n ngettext('a', 'b', 1) */",
        'const s = "_(\'double\')";',
        'const t = \'_("single")\';',
        "const u = `gettext('template')`;",
        "gettext('real');",
      ].join('\n'),
    });
    const { ids, entries } = await extract(app);
    assert.deepEqual(ids, ['real']);
    assert.deepEqual(entries[0]?.locations, ['a.js:7']);
  });

  it('takes a template literal without substitutions as a string (Babel does too)', async () => {
    const app = appWith({ 'a.ts': js("_(`Plain\\n@{''.length ? '' : ''}`); _(`Just text`);") });
    const { ids } = await extract(app);
    assert.deepEqual(ids, ['Just text']);
  });

  it('skips a template literal with substitutions (unlike Babel, which extracts its raw text) and reads calls inside them', async () => {
    const app = appWith({
      'a.ts': js(
        [
          'const x = _(`Hello @{user.name}`);',
          "const y = `@{ {a: {b: 1}}.a.b } and @{_('Inside')}`;",
          "gettext('After');",
        ].join('\n'),
      ),
    });
    const { ids, entries } = await extract(app);
    assert.deepEqual(ids, ['Inside', 'After']);
    assert.deepEqual(entries[1]?.locations, ['a.ts:3']);
  });

  it('tells regex literals with quotes from division', async () => {
    const app = appWith({
      'a.js': [
        'const quote = /"/g;',
        "if (ok) /'/.test(text);",
        "const ratio = a / 2 / b; _('After division');",
        'const re = /[/"]/; gettext("After class");',
        "return /'\\/'/.source + _('After escape');",
      ].join('\n'),
    });
    const { ids } = await extract(app);
    assert.deepEqual(ids, ['After division', 'After class', 'After escape']);
  });

  it('joins string literals concatenated with +', async () => {
    const app = appWith({
      'a.ts': "_('Hello, ' + \"big \" +\n  `world`);\nngettext('one ' + 'file', 'many ' + 'files', n);",
    });
    const { entries } = await extract(app);
    assert.deepEqual(
      entries.map((e) => [e.id, e.plural, e.locations]),
      [
        ['Hello, big world', null, ['a.ts:1']],
        ['one file', 'many files', ['a.ts:3']],
      ],
    );
  });

  it('skips calls with a non-literal message (and -v names them)', async () => {
    const app = appWith({
      'a.ts': [
        'gettext(name);',
        "_('Hi ' + name);",
        "ngettext('one', plural, n);",
        "pgettext(ctx, 'Open');",
        "gettext(translate('x'));",
        "_('kept');",
      ].join('\n'),
    });
    const { ids, result } = await extract(app, '-v');
    assert.deepEqual(ids, ['kept']);
    assert.deepEqual(
      result.stdout.split('\n').filter((l) => l.includes('skipped')),
      [1, 2, 3, 4, 5].map(
        (n) =>
          `a.ts:${n}: skipped ${['gettext', '_', 'ngettext', 'pgettext', 'gettext'][n - 1]}() with a non-literal argument`,
      ),
    );
  });

  it('leaves out node_modules, dist, build, coverage, hidden and test folders and the translations', async () => {
    const app = appWith({
      'src/app.ts': "_('mine');",
      'node_modules/lib/index.js': "_('theirs');",
      'dist/app.js': "_('built');",
      'build/app.js': "_('built too');",
      'coverage/x.js': "_('coverage');",
      '.cache/x.js': "_('hidden');",
      'test/app.test.ts': "_('test');",
      'translations/x.js': "_('translations');",
      'types.d.ts': 'declare function _(m: string): string;',
    });
    const { ids, result } = await extract(app);
    assert.deepEqual(ids, ['mine']);
    assert.match(result.stdout, /from 0 templates and 1 source files/);
  });

  it('extracts only the templates with --no-sources', async () => {
    const app = appWith({ 'templates/a.html': "{{ _('From template') }}", 'app.ts': "_('From source');" });
    const { ids } = await extract(app, '--no-sources');
    assert.deepEqual(ids, ['From template']);
  });

  it('merges the source locations of a message with its template ones', async () => {
    const app = appWith({
      'templates/page.html': "<h1>{{ _('Welcome') }}</h1>\n{{ _('Only template') }}",
      'src/views.ts': "\n\nflash(_('Welcome'));\nflash(_('Only source'));",
      'src/other.js': "_('Welcome')",
    });
    const { entries } = await extract(app);
    assert.deepEqual(
      entries.map((e) => [e.id, e.locations]),
      [
        ['Welcome', ['templates/page.html:1', 'src/other.js:1', 'src/views.ts:3']],
        ['Only template', ['templates/page.html:2']],
        ['Only source', ['src/views.ts:4']],
      ],
    );
  });

  it('takes more keywords with -k in pybabel form', async () => {
    const app = appWith({ 'a.ts': "t('plain'); tn('one', 'many', 2); tc('ctx', 'msg');" });
    const { entries } = await extract(app, '-k', 't', '-k', 'tn:1,2', '-k', 'tc:1c,2');
    assert.deepEqual(
      entries.map((e) => [e.context, e.id, e.plural]),
      [
        [null, 'plain', null],
        [null, 'one', 'many'],
        ['ctx', 'msg', null],
      ],
    );
  });

  it('refuses a -k that is not a keyword spec', async () => {
    const { result } = await extract(appWith({}), '-k', 'bad:x');
    assert.equal(result.exitCode, 1);
    assert.match(result.stderr, /^Error: 'bad:x' is not a keyword/);
  });

  it('names the file and line of an unterminated string, without a stack', async () => {
    const app = appWith({ 'src/bad.js': "_('fine');\n\nconst s = 'never closed;\n" });
    const { result } = await extract(app);
    assert.equal(result.exitCode, 1);
    assert.equal(result.stderr, 'Error: Cannot extract from src/bad.js: Unterminated string (line 3)\n');
  });

  it('names the file and line of TypeScript that does not parse', async () => {
    const app = appWith({ 'src/bad.ts': "_('fine');\nconst x: = 1;\n" });
    const { result } = await extract(app);
    assert.equal(result.exitCode, 1);
    assert.match(
      result.stderr,
      /^Error: Cannot extract from src\/bad.ts: not valid TypeScript: .*\(line 2\)\n$/,
    );
  });

  it('reads TypeScript that needs more than type stripping (enums) as it is', async () => {
    const app = appWith({
      'a.ts': "enum Color { Red }\nclass A { constructor(private x: string) {} }\n_('Enum file');",
    });
    const { entries } = await extract(app);
    assert.deepEqual(entries[0]?.locations, ['a.ts:3']);
  });

  it("finds the same messages at the same lines as Babel's extract_javascript", async (t) => {
    const python = spawnSync('/usr/bin/python3', ['-c', 'import babel'], { encoding: 'utf8' });
    if (python.status !== 0) {
      t.skip("Debian's python3-babel is not installed (.ci/install-components installs it)");
      return;
    }
    const source = readFileSync(FIXTURE, 'utf8');
    const app = appWith({ 'views.ts': source });
    const { entries } = await extract(app);
    const flagon = entries.flatMap((e) =>
      e.locations.map((l) => [Number(l.split(':')[1]), e.context, e.id, e.plural]),
    );

    const script = `
import io, json, sys
from babel.messages.extract import extract
keywords = {'_': None, 'gettext': None, 'ngettext': (1, 2), 'pgettext': ((1, 'c'), 2),
            'npgettext': ((1, 'c'), 2, 3), 'lazyGettext': None, 'lazyNgettext': (1, 2),
            'lazyPgettext': ((1, 'c'), 2)}
found = extract('javascript', io.BytesIO(sys.stdin.buffer.read()), keywords=keywords)
print(json.dumps([[line, ctx] + ([m, None] if isinstance(m, str) else list(m)) for line, m, _, ctx in found]))
`;
    const babel = spawnSync('/usr/bin/python3', ['-c', script], {
      input: stripTypeScriptTypes(source, { mode: 'strip' }),
      encoding: 'utf8',
    });
    assert.equal(babel.status, 0, babel.stderr);
    const expected = (JSON.parse(babel.stdout) as [number, string | null, string, string | null][]).map(
      ([line, context, id, plural]) => [line, context, id, plural],
    );
    const order = (rows: unknown[][]) => rows.map((r) => JSON.stringify(r)).sort();
    assert.ok(expected.length >= 15, `Babel found only ${expected.length} messages`);
    assert.deepEqual(order(flagon), order(expected));
  });
});
