import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  DictLoader,
  Environment,
  GNUTranslations,
  TemplateAssertionError,
  TemplateSyntaxError,
  UndefinedError,
} from '../../src/index.ts';
import { type MoEntry, writeMo } from './helpers/mo-writer.ts';
import { type PythonResult, python, pythonSkipReason } from './helpers/python.ts';

const GERMAN: MoEntry[] = [
  { id: 'Hello', strs: ['Hallo'] },
  { id: 'Hello %(name)s!', strs: ['Hallo %(name)s!'] },
  { id: 'Hello %(user)s!', strs: ['Hallo <em>%(user)s</em>!'] },
  { id: '%(count)s apple', idPlural: '%(count)s apples', strs: ['%(count)s Apfel', '%(count)s Äpfel'] },
  { id: '%(num)s item', idPlural: '%(num)s items', strs: ['%(num)s Ding', '%(num)s Dinge'] },
  { id: '%(num)d apple', idPlural: '%(num)d apples', strs: ['%(num)d Apfel', '%(num)d Äpfel'] },
  { context: 'menu', id: 'Open', strs: ['Öffnen'] },
  {
    context: 'mail',
    id: '%(num)s message',
    idPlural: '%(num)s messages',
    strs: ['%(num)s Nachricht', '%(num)s Nachrichten'],
  },
  { id: '%(n)s%% done', strs: ['%(n)s%% fertig'] },
  { id: '100% sure', strs: ['100% sicher'] },
  { id: 'Search the docs', strs: ['Dokumentation durchsuchen'] },
  {
    id: 'Created using <a href="https://www.sphinx-doc.org/">Sphinx</a> %(sphinx_version)s.',
    strs: ['Erstellt mit <a href="https://www.sphinx-doc.org/">Sphinx</a> %(sphinx_version)s.'],
  },
  {
    id: '&#169; <a href="%(path)s">Copyright</a> %(copyright)s.',
    strs: ['&#169; <a href="%(path)s">Urheberrecht</a> %(copyright)s.'],
  },
];
const MO = writeMo(GERMAN);
const MO_HEX = Buffer.from(MO).toString('hex');

interface Case {
  title: string;
  source: string;
  context?: Record<string, unknown>;
  trimmedPolicy?: boolean;
}

const CASES: Case[] = [
  { title: 'translates plain text', source: '{% trans %}Hello{% endtrans %}' },
  {
    title: 'formats a variable from the context',
    source: '{% trans %}Hello {{ name }}!{% endtrans %}',
    context: { name: '<b>Ann</b>' },
  },
  {
    title: 'formats a variable given an expression',
    source: '{% trans user=person.name %}Hello {{ user }}!{% endtrans %}',
    context: { person: { name: 'Bob & Co' } },
  },
  {
    title: 'keeps the markup of the translation and escapes the variable',
    source: '{% trans user=u %}Hello {{ user }}!{% endtrans %}',
    context: { u: '<script>' },
  },
  { title: 'leaves a percent sign alone without variables', source: '{% trans %}100% sure{% endtrans %}' },
  {
    title: 'doubles percent signs when there are variables',
    source: '{% trans %}{{ n }}% done{% endtrans %}',
    context: { n: 40 },
  },
  {
    title: 'picks the singular for a count of one',
    source: '{% trans count=n %}{{ count }} apple{% pluralize %}{{ count }} apples{% endtrans %}',
    context: { n: 1 },
  },
  {
    title: 'picks the plural for other counts',
    source: '{% trans count=n %}{{ count }} apple{% pluralize %}{{ count }} apples{% endtrans %}',
    context: { n: 3 },
  },
  {
    title: 'counts with the first variable of the block when none is given',
    source: '{% trans %}{{ num }} item{% pluralize %}{{ num }} items{% endtrans %}',
    context: { num: 2 },
  },
  {
    title: 'counts with the variable named after pluralize',
    source: '{% trans a=x, num=y %}{{ num }} item{% pluralize num %}{{ num }} items{% endtrans %}',
    context: { x: 1, y: 5 },
  },
  {
    title: 'evaluates a call used as the count once',
    source:
      '{% trans count=cycler(4, 5).next() %}{{ count }} apple{% pluralize %}{{ count }} apples{% endtrans %}',
  },
  {
    title: 'counts with a filtered expression',
    source: '{% trans count=items|length %}{{ count }} apple{% pluralize %}{{ count }} apples{% endtrans %}',
    context: { items: [1, 2] },
  },
  {
    title: 'trims whitespace with trimmed',
    source: '{% trans trimmed %}\n   Search\n      the docs\n{% endtrans %}',
  },
  {
    title: 'keeps whitespace with notrimmed under the trimmed policy',
    source: '{% trans notrimmed %}\n  Hello\n{% endtrans %}',
    trimmedPolicy: true,
  },
  {
    title: 'trims by the ext.i18n.trimmed policy',
    source: '{% trans %}\n  Search the\n  docs\n{% endtrans %}',
    trimmedPolicy: true,
  },
  {
    title: 'accepts trimmed after the variables',
    source: '{% trans user=name, trimmed %}\n Hello\n {{ user }}!\n{% endtrans %}',
    context: { name: 'Eve' },
  },
  { title: 'translates with a context string', source: '{% trans "menu" %}Open{% endtrans %}' },
  {
    title: 'translates plurals with a context string',
    source: '{% trans "mail" count=n %}{{ count }} message{% pluralize %}{{ count }} messages{% endtrans %}',
    context: { n: 2 },
  },
  {
    title: 'leaves an unknown message untranslated',
    source: '{% trans what=w %}Nothing about {{ what }}{% endtrans %}',
    context: { w: '<i>' },
  },
  { title: 'renders an undefined variable as empty', source: '{% trans %}Hello {{ nobody }}!{% endtrans %}' },
  { title: 'honours whitespace control on the tags', source: 'a  {%- trans -%}  Hello  {%- endtrans -%}  b' },
  { title: 'translates with _()', source: '{{ _("Hello") }} {{ _("<b>") }}' },
  {
    title: 'translates with gettext and ngettext',
    source:
      '{{ gettext("Hello") }} {{ ngettext("%(num)d apple", "%(num)d apples", 1) }} {{ ngettext("%(num)d apple", "%(num)d apples", 7) }}',
  },
  {
    title: 'translates with pgettext and npgettext',
    source:
      '{{ pgettext("menu", "Open") }} {{ npgettext("mail", "%(num)s message", "%(num)s messages", 3) }}',
  },
  {
    title: 'uses a translation in an expression',
    source: '{% set label = _("Hello") %}<a title="{{ label }}">{{ label|upper }}</a>',
  },
  {
    title: 'translates inside macros and loops',
    source:
      '{% macro hi(n) %}{% trans %}Hello {{ n }}!{% endtrans %}{% endmacro %}{% for p in people %}{{ hi(p) }};{% endfor %}',
    context: { people: ['A', '<B>'] },
  },
  {
    title: 'translates inside a block of an autoescape tag',
    source: '{% autoescape false %}{% trans user=u %}Hello {{ user }}!{% endtrans %}{% endautoescape %}',
    context: { u: '<i>' },
  },
  {
    title: 'passes a count that is not a number on to the translations, as Python does',
    source: '{{ ngettext("%(num)s item", "%(num)s items", "3") }}',
  },
  {
    title: 'counts a boolean as 0 or 1',
    source: '{% trans count=flag %}{{ count }} apple{% pluralize %}{{ count }} apples{% endtrans %}',
    context: { flag: true },
  },
  {
    title: 'fails on control structures inside a trans block',
    source: '{% trans %}{% if x %}x{% endif %}{% endtrans %}',
  },
  {
    title: 'fails on an attribute inside a trans block',
    source: '{% trans %}Hello {{ user.name }}{% endtrans %}',
  },
  {
    title: 'fails on a second pluralize',
    source: '{% trans count=n %}a{% pluralize %}b{% pluralize %}c{% endtrans %}',
  },
  { title: 'fails on nested trans blocks', source: '{% trans %}a{% trans %}b{% endtrans %}{% endtrans %}' },
  { title: 'fails on an unclosed trans block', source: '{% trans %}Hello' },
  { title: 'fails on a variable defined twice', source: '{% trans a=1, a=2 %}{{ a }}{% endtrans %}' },
  {
    title: 'fails on an unknown pluralization variable',
    source: '{% trans a=1 %}{{ a }}{% pluralize b %}{{ a }}s{% endtrans %}',
  },
  {
    title: 'fails on pluralize without variables',
    source: '{% trans %}apple{% pluralize %}apples{% endtrans %}',
  },
];

type Variant = { translations: 'german' | 'null'; newstyle: boolean; autoescape: boolean };
const VARIANTS: Variant[] = [];
for (const translations of ['german', 'null'] as const)
  for (const newstyle of [false, true])
    for (const autoescape of [false, true]) VARIANTS.push({ translations, newstyle, autoescape });

function renderHere(c: Case, v: Variant): PythonResult {
  const env = new Environment({
    extensions: ['jinja2.ext.i18n'],
    autoescape: v.autoescape,
    policies: c.trimmedPolicy === undefined ? {} : { 'ext.i18n.trimmed': c.trimmedPolicy },
  });
  if (v.translations === 'german')
    env.installGettextTranslations(GNUTranslations.fromMo(MO), { newstyle: v.newstyle });
  else env.installNullTranslations({ newstyle: v.newstyle });
  try {
    return { ok: env.fromString(c.source).render(c.context ?? {}) };
  } catch (e) {
    return { error: (e as Error).name, message: (e as Error).message };
  }
}

describe('trans blocks and gettext calls render as Jinja2 renders them', { skip: pythonSkipReason }, () => {
  let expected: PythonResult[] = [];
  before(async () => {
    expected = await python(
      CASES.flatMap((c) =>
        VARIANTS.map((v) => ({
          op: 'render',
          source: c.source,
          context: c.context ?? {},
          ...(c.trimmedPolicy === undefined ? {} : { trimmedPolicy: c.trimmedPolicy }),
          mo: v.translations === 'german' ? MO_HEX : null,
          newstyle: v.newstyle,
          autoescape: v.autoescape,
        })),
      ),
    );
  });
  CASES.forEach((c, i) => {
    it(c.title, () => {
      VARIANTS.forEach((v, j) => {
        const want = expected[i * VARIANTS.length + j] as PythonResult;
        const got = renderHere(c, v);
        const label = `${c.source} ${JSON.stringify(v)}`;
        if ('ok' in want) assert.deepEqual(got, want, label);
        else
          assert.equal('error' in got ? got.error : `rendered ${JSON.stringify(got.ok)}`, want.error, label);
      });
    });
  });
});

function german(options: { newstyle?: boolean; autoescape?: boolean } = {}): Environment {
  const env = new Environment({ extensions: ['i18n'], autoescape: options.autoescape ?? true });
  env.installGettextTranslations(GNUTranslations.fromMo(MO), { newstyle: options.newstyle ?? false });
  return env;
}

describe('new-style gettext', () => {
  it('escapes keyword arguments under autoescaping and keeps the translation as markup', () => {
    const out = german({ newstyle: true })
      .fromString('{{ _("Hello %(user)s!", user=u) }}')
      .render({ u: '<script>' });
    assert.equal(out, 'Hallo <em>&lt;script&gt;</em>!');
  });

  it('always formats, so %% is a literal percent even without arguments', () => {
    assert.equal(
      german({ newstyle: true }).fromString('{{ _("%(n)s%% done", n=5) }}|{{ gettext("100%%") }}').render(),
      '5% fertig|100%',
    );
  });

  it('passes the count as num to ngettext', () => {
    assert.equal(
      german({ newstyle: true }).fromString('{{ ngettext("%(num)d apple", "%(num)d apples", 4) }}').render(),
      '4 Äpfel',
    );
  });

  it('reports a placeholder without an argument', () => {
    assert.throws(() => german({ newstyle: true }).fromString('{{ _("Hello %(name)s!") }}').render());
  });

  it('recompiles cached templates when the style changes', () => {
    const env = new Environment({
      extensions: ['i18n'],
      loader: new DictLoader({ 'a.txt': '{% trans %}{{ n }}%{% endtrans %}' }),
    });
    env.installNullTranslations();
    assert.equal(env.getTemplate('a.txt').render({ n: 1 }), '1%');
    env.installGettextCallables(
      (s) => `[${s}]`,
      (s, p, n) => (n === 1 ? s : p),
      { newstyle: true },
    );
    assert.equal(env.newstyleGettext, true);
    assert.equal(env.getTemplate('a.txt').render({ n: 1 }), '[1%]');
  });
});

describe('enabling and installing', () => {
  it('answers trans without the extension with a hint to enable it', () => {
    const env = new Environment();
    assert.throws(
      () => env.fromString('{% trans %}x{% endtrans %}'),
      (e: Error) => e instanceof TemplateSyntaxError && /Enable the 'i18n' extension/.test(e.message),
    );
  });

  it('refuses to install translations without the extension', () => {
    assert.throws(() => new Environment().installNullTranslations(), /needs the i18n extension/);
  });

  it('fails clearly when a template translates before anything is installed', () => {
    const env = new Environment({ extensions: ['i18n'] });
    assert.throws(
      () => env.fromString('{{ _("Hello") }}').render(),
      (e: Error) => e instanceof UndefinedError && /'gettext' is undefined/.test(e.message),
    );
  });

  it('calls the functions given to installGettextCallables with the message and count', () => {
    const env = new Environment({ extensions: ['i18n'] });
    const seen: unknown[] = [];
    env.installGettextCallables(
      (m) => {
        seen.push(m);
        return `<${m}>`;
      },
      (s, p, n) => {
        seen.push([s, p, n]);
        return n === 1 ? s : p;
      },
      { pgettext: (c, m) => `${c}:${m}` },
    );
    const out = env
      .fromString(
        '{{ _("a") }} {% trans count=2 %}one{% pluralize %}many{% endtrans %} {{ pgettext("c", "m") }}',
      )
      .render();
    assert.equal(out, '<a> many c:m');
    assert.deepEqual(seen, ['a', ['one', 'many', 2]]);
  });

  it('removes the gettext functions on uninstall', () => {
    const env = german();
    env.uninstallGettextTranslations();
    assert.throws(() => env.fromString('{{ gettext("Hello") }}').render(), UndefinedError);
  });

  it('reports a duplicate variable as an assertion error with its line', () => {
    assert.throws(
      () => german().fromString('\n{% trans a=1, a=2 %}{{ a }}{% endtrans %}'),
      (e: Error) => e instanceof TemplateAssertionError && /line 2/.test(e.message),
    );
  });
});

describe('documentation themes', () => {
  const SPHINX_FOOTER = `<div class="footer" role="contentinfo">
  {%- if show_copyright %}
    {%- if hasdoc('copyright') %}
      {% trans path=pathto('copyright'), copyright=copyright|e %}&#169; <a href="{{ path }}">Copyright</a> {{ copyright }}.{% endtrans %}
    {%- endif %}
  {%- endif %}
  {%- if show_sphinx %}
    {% trans sphinx_version=sphinx_version|e %}Created using <a href="https://www.sphinx-doc.org/">Sphinx</a> {{ sphinx_version }}.{% endtrans %}
  {%- endif %}
  <a title="{{ _('Search the docs') }}" href="{{ pathto('search') }}">{{ _('Search the docs') }}</a>
</div>`;

  it('renders a Sphinx-style footer in German with escaped values', () => {
    const env = german({ newstyle: false });
    const out = env.fromString(SPHINX_FOOTER).render({
      show_copyright: true,
      show_sphinx: true,
      hasdoc: () => true,
      pathto: (p: string) => `${p}.html`,
      copyright: '2024, A & B',
      sphinx_version: '7.2',
    });
    assert.match(out, /&#169; <a href="copyright.html">Urheberrecht<\/a> 2024, A &amp; B\./);
    assert.match(out, /Erstellt mit <a href="https:\/\/www.sphinx-doc.org\/">Sphinx<\/a> 7.2\./);
    assert.match(
      out,
      /<a title="Dokumentation durchsuchen" href="search.html">Dokumentation durchsuchen<\/a>/,
    );
  });

  it('renders an MkDocs-style search box untranslated with null translations', () => {
    const env = new Environment({
      extensions: ['jinja2.ext.i18n'],
      autoescape: true,
      policies: { 'ext.i18n.trimmed': true },
    });
    env.installNullTranslations({ newstyle: true });
    const out = env
      .fromString(
        `<input type="text" placeholder="{% trans %}Search docs{% endtrans %}" title="{% trans %}Type search term here{% endtrans %}">
{%- if page.previous_page %}<a rel="prev" href="{{ page.previous_page.url }}">{% trans %}
  <span>&laquo;</span> Previous
{% endtrans %}</a>{% endif %}`,
      )
      .render({ page: { previous_page: { url: '/a/' } } });
    assert.equal(
      out,
      '<input type="text" placeholder="Search docs" title="Type search term here"><a rel="prev" href="/a/"><span>&laquo;</span> Previous</a>',
    );
  });
});

describe('extractTranslations', () => {
  const SOURCE = `{% extends "base.html" %}
{% block body %}
  <h1>{{ _("Hello") }}</h1>
  {% for item in items if item.shown %}{{ gettext("Item %(name)s", name=item.name) }}{% else %}{{ _("None") }}{% endfor %}
  {% trans count=n %}{{ count }} apple{% pluralize %}{{ count }} apples{% endtrans %}
  {% trans "menu" %}Open{% endtrans %}
  {{ ngettext("one", "many", n) }} {{ pgettext("ctx", "text") }} {{ npgettext("ctx", "s", "p", 2) }}
  {{ _(variable) }} {{ _(*args) }} {{ other("not extracted") }}
  {% set label = _("Label") ~ _("Suffix") %}
  {% filter upper|replace(_("a"), _("b")) %}{{ _("inside") }}{% endfilter %}
  {% macro m(x=_("default")) %}{{ _("in macro") }}{% endmacro %}
  {% call m(_("arg")) %}{{ _("in call") }}{% endcall %}
  {{ x if _("cond") else _("other") }} {{ d[_("key")] }} {{ _("filtered")|e }}
{% endblock %}`;

  it('finds the same calls, lines and strings as Jinja2', { skip: pythonSkipReason }, async () => {
    const [expected] = await python([{ op: 'extract', source: SOURCE }]);
    const env = new Environment({ extensions: ['i18n'] });
    assert.deepEqual({ ok: env.extractTranslations(SOURCE) }, expected);
  });

  it('looks for the function names it is given', () => {
    const env = new Environment({ extensions: ['i18n'] });
    assert.deepEqual(env.extractTranslations('{{ t("a") }}{{ _("b") }}', ['t']), [[1, 't', 'a']]);
  });
});
