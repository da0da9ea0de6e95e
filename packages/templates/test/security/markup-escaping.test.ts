import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Environment, Markup } from '@flagon/templates';

// Expected values are MarkupSafe 2.1 / Jinja2 3.1 results (python3 -c "from markupsafe import Markup; …").
const env = new Environment({ autoescape: true });
const render = (source: string, vars: Record<string, unknown> = {}) => env.fromString(source).render(vars);

describe('Markup.format escapes what it inserts (MarkupSafe EscapeFormatter)', () => {
  it('escapes positional arguments', () => {
    const out = render(`{{ ('<a href="{}">{}</a>'|safe).format(url, name) }}`, {
      url: '"><script>alert(1)</script>',
      name: '<b>',
    });
    assert.equal(out, '<a href="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">&lt;b&gt;</a>');
  });

  it('escapes keyword arguments', () => {
    assert.equal(render(`{{ ('<a>{x}</a>'|safe).format(x=v) }}`, { v: '<b>' }), '<a>&lt;b&gt;</a>');
  });

  it('escapes *args and **kwargs spread into the call', () => {
    const out = render(`{{ ('{}{y}'|safe).format(*xs, **kw) }}`, { xs: ['<'], kw: { y: '>' } });
    assert.equal(out, '&lt;&gt;');
  });

  it('inserts Markup arguments as they are', () => {
    assert.equal(render(`{{ ('<p>{}</p>'|safe).format(v|safe) }}`, { v: '<i>' }), '<p><i></p>');
  });

  it('escapes after the format spec and the !r conversion are applied', () => {
    assert.equal(render(`{{ ('{0:>5}|{0!r}'|safe).format(v) }}`, { v: '<' }), '    &lt;|&#39;&lt;&#39;');
  });

  it('refuses a format spec for a Markup argument, as MarkupSafe does', () => {
    assert.throws(() => render(`{{ ('{0:>5}'|safe).format(v|safe) }}`, { v: '<' }), { name: 'ValueError' });
  });

  it('escapes the arguments of format on a macro result (Markup under autoescape)', () => {
    const out = render('{% macro m() %}<p>{}</p>{% endmacro %}{{ m().format(v) }}', { v: '<b>' });
    assert.equal(out, '<p>&lt;b&gt;</p>');
  });
});

describe('Markup.join and % formatting escape their items', () => {
  it('join escapes plain strings and keeps Markup items', () => {
    const out = render(`{{ ('<li>'|safe).join(items) }}`, { items: ['<b>', new Markup('<i>')] });
    assert.equal(out, '&lt;b&gt;<li><i>');
  });

  it('join reads any iterable', () => {
    assert.equal(render(`{{ ('-'|safe).join('<>') }}`), '&lt;-&gt;');
  });

  it('% escapes a single argument, a tuple and mapping values', () => {
    assert.equal(render(`{{ ('%s'|safe) % v }}`, { v: '<b>' }), '&lt;b&gt;');
    assert.equal(render(`{{ ('%d %s'|safe) % (3, v) }}`, { v: '<' }), '3 &lt;');
    assert.equal(
      render(`{{ ('%(a)s %(b)s'|safe) % {'a': v, 'b': w|safe} }}`, { v: '<', w: '<i>' }),
      '&lt; <i>',
    );
  });

  it('% escapes before the precision cuts and escapes %r', () => {
    assert.equal(render(`{{ ('%.1s|%r'|safe) % (v, v) }}`, { v: '<' }), '&|&#39;&lt;&#39;');
  });
});

describe('Markup string methods return what MarkupSafe returns', () => {
  it('indexing gives Markup, not an escaped character', () => {
    assert.equal(render(`{{ ('<b>x'|safe)[0] }}`), '<');
  });

  it('slicing gives Markup', () => {
    assert.equal(render(`{{ ('<b>x'|safe)[1:] }}`), 'b>x');
  });

  it('split and rsplit give lists of Markup', () => {
    assert.equal(render(`{{ ('<b>x</b>'|safe).split('x')|join('|') }}`), '<b>|</b>');
    assert.equal(render(`{{ ('<b>x</b>'|safe).rsplit('x')[1] }}`), '</b>');
  });

  it('partition escapes its separator and gives Markup parts', () => {
    assert.equal(render(`{{ ('a<b'|safe).partition('<')|join('|') }}`), 'a<b||');
    assert.equal(render(`{{ ('a&lt;b'|safe).partition('<')|join('|') }}`), 'a|&lt;|b');
  });

  it('center, replace and the case methods escape string arguments and give Markup', () => {
    assert.equal(render(`{{ ('<b>'|safe).center(7, '-') }}`), '--<b>--');
    assert.equal(render(`{{ ('<b>x</b>'|safe).replace('x', v) }}`, { v: '<' }), '<b>&lt;</b>');
    assert.equal(render(`{{ ('<b>x</b>'|safe).upper() }}`), '<B>X</B>');
  });

  it('methods giving plain values read the markup text', () => {
    assert.equal(render(`{{ ('<b>x</b>'|safe).find('x') }} {{ ('<b>'|safe).startswith('<') }}`), '3 True');
  });

  it('striptags() and unescape() give plain text, which autoescape escapes again', () => {
    assert.equal(render(`{{ ('<b>a &amp; b</b>'|safe).striptags() }}`), 'a &amp; b');
    assert.equal(new Environment().fromString(`{{ ('&lt;'|safe).unescape() }}`).render(), '<');
  });
});

describe('~ under autoescape (Jinja2 markup_join)', () => {
  it('keeps Markup parts and escapes only plain strings', () => {
    assert.equal(render('{{ icon|safe ~ label }}', { icon: '<i>', label: '<b>' }), '<i>&lt;b&gt;');
  });

  it('escapes everything when no part is Markup', () => {
    assert.equal(render('{{ a ~ b }}', { a: '<', b: '>' }), '&lt;&gt;');
  });

  it('joins raw text without autoescape', () => {
    assert.equal(new Environment().fromString('{{ (a|safe) ~ b }}').render({ a: '<', b: '>' }), '<>');
  });
});
