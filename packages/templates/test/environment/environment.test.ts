import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ChainableUndefined,
  DictLoader,
  Environment,
  Markup,
  SecurityError,
  StrictUndefined,
  selectAutoescape,
  UndefinedError,
} from '@flagon/templates';

describe('Environment options', () => {
  it('chooses autoescaping by template name with selectAutoescape', () => {
    const env = new Environment({
      loader: new DictLoader({ 'a.html': '{{ s }}', 'a.txt': '{{ s }}' }),
      autoescape: selectAutoescape(['html']),
    });
    assert.equal(env.getTemplate('a.html').render({ s: '<b>' }), '&lt;b&gt;');
    assert.equal(env.getTemplate('a.txt').render({ s: '<b>' }), '<b>');
    assert.equal(env.fromString('{{ s }}').render({ s: '<b>' }), '&lt;b&gt;');
  });

  it('never escapes Markup twice', () => {
    const env = new Environment({ autoescape: true });
    assert.equal(
      env.fromString('{{ m }}{{ m|e }}{{ s|safe }}').render({ m: new Markup('<i>'), s: '<u>' }),
      '<i><i><u>',
    );
  });

  it('uses custom delimiters', () => {
    const env = new Environment({
      variableStartString: '[[',
      variableEndString: ']]',
      blockStartString: '[%',
      blockEndString: '%]',
    });
    assert.equal(
      env.fromString('[% for x in xs %][[ x ]]{{ x }}[% endfor %]').render({ xs: [1] }),
      '1{{ x }}',
    );
  });

  it('supports line statements and line comments', () => {
    const env = new Environment({ lineStatementPrefix: '#', lineCommentPrefix: '##' });
    assert.equal(
      env.fromString('# for x in xs\n{{ x }} ## note\n# endfor\n').render({ xs: [1, 2] }),
      '1\n2\n',
    );
  });

  it('lets users add filters, tests and globals', () => {
    const env = new Environment();
    env.filters.shout = (v: unknown) => `${String(v)}!`;
    env.tests.big = (v: unknown) => Number(v) > 10;
    env.globals.site = 'S';
    assert.equal(env.fromString('{{ "hi"|shout }}{{ 20 is big }}{{ site }}').render(), 'hi!TrueS');
  });

  it('passes keyword arguments to JS functions as a trailing object', () => {
    const f = (a: unknown, kw: Record<string, unknown>) => `${String(a)}-${String(kw.b)}`;
    assert.equal(new Environment().fromString('{{ f(1, b=2) }}').render({ f }), '1-2');
  });

  it('accepts a Map as the render context', () => {
    assert.equal(new Environment().fromString('{{ a }}').render(new Map([['a', 1]])), '1');
  });
});

describe('undefined kinds', () => {
  it('prints default undefined as empty', () => {
    assert.equal(new Environment().fromString('[{{ x }}]').render(), '[]');
  });

  it('fails on any use of a strict undefined', () => {
    const env = new Environment({ undefined: 'strict' });
    assert.throws(() => env.fromString('{{ x }}').render(), UndefinedError);
    assert.equal(env.fromString('{{ x is defined }}{{ x|default("d") }}').render(), 'Falsed');
    assert.ok(env.makeUndefined() instanceof StrictUndefined);
  });

  it('chains attributes of a chainable undefined', () => {
    const env = new Environment({ undefined: 'chainable' });
    assert.equal(env.fromString('{{ a.b.c|default("x") }}').render(), 'x');
    assert.ok(env.makeUndefined() instanceof ChainableUndefined);
  });
});

describe('template cache and reload', () => {
  it('returns the same template until its source changes', () => {
    const loader = new DictLoader({ t: 'one' });
    const env = new Environment({ loader });
    const first = env.getTemplate('t');
    assert.equal(env.getTemplate('t'), first);
    loader.mapping.set('t', 'two');
    assert.equal(env.getTemplate('t').render(), 'two');
  });

  it('keeps the stale template when autoReload is off', () => {
    const loader = new DictLoader({ t: 'one' });
    const env = new Environment({ loader, autoReload: false });
    env.getTemplate('t');
    loader.mapping.set('t', 'two');
    assert.equal(env.getTemplate('t').render(), 'one');
  });
});

describe('async rendering', () => {
  it('awaits promises in variables, attributes, calls and loops', async () => {
    const env = new Environment({ loader: new DictLoader({ inc: '[{{ p }}]' }) });
    const tmpl = env.fromString(
      '{{ p }}{{ o.q }}{{ f() }}{% for x in xs %}{{ x }}{% endfor %}{% include "inc" %}',
    );
    const out = await tmpl.renderAsync({
      p: Promise.resolve('P'),
      o: { q: Promise.resolve('Q') },
      f: async () => 'F',
      xs: Promise.resolve([1, 2]),
    });
    assert.equal(out, 'PQF12[P]');
  });

  it('awaits a thenable that is not a Promise, and leaves plain values as they are', async () => {
    const env = new Environment();
    // biome-ignore lint/suspicious/noThenProperty: a thenable that is not a Promise is what this test renders.
    const thenable = { then: (resolve: (v: string) => void) => resolve('T') };
    const out = await env
      .fromString('{{ t }} {{ o.n }} {{ s|upper }}')
      .renderAsync({ t: thenable, o: { n: 0 }, s: 'x' });
    assert.equal(out, 'T 0 X');
  });

  it('keeps concurrent renders of one template apart while their values resolve out of order', async () => {
    const env = new Environment();
    const tmpl = env.fromString('{{ a.x }}-{{ f(b) }}-{% for v in vs %}{{ v.n }}{% endfor %}');
    const later = <T>(value: T, ms: number) =>
      new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));
    const data = (tag: string, slow: number, fast: number) => ({
      a: { x: later(`${tag}a`, slow) },
      b: later(`${tag}b`, fast),
      f: async (v: string) => later(v.toUpperCase(), fast),
      vs: [{ n: later(`${tag}1`, fast) }, { n: `${tag}2` }, { n: later(`${tag}3`, slow) }],
    });
    const [one, two] = await Promise.all([
      tmpl.renderAsync(data('p', 8, 1)),
      tmpl.renderAsync(data('q', 1, 8)),
    ]);
    assert.equal(one, 'pa-PB-p1p2p3');
    assert.equal(two, 'qa-QB-q1q2q3');
  });

  it('runs macros and inheritance asynchronously', async () => {
    const env = new Environment({
      loader: new DictLoader({
        base: '<{% block b %}base{% endblock %}>',
        child:
          '{% extends "base" %}{% macro m(x) %}{{ x }}{% endmacro %}{% block b %}{{ m(v) }}|{{ super() }}{% endblock %}',
      }),
    });
    assert.equal(await env.getTemplate('child').renderAsync({ v: Promise.resolve('V') }), '<V|base>');
  });
});

describe('limits', () => {
  const env = new Environment({
    loader: new DictLoader({ me: '{% include "me" %}', ext: '{% extends "ext" %}' }),
    maxRecursion: 50,
  });

  it('stops runaway macro recursion with SecurityError', () => {
    assert.throws(
      () => env.fromString('{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}').render(),
      SecurityError,
    );
  });

  it('stops self-including and self-extending templates', () => {
    assert.throws(() => env.getTemplate('me').render(), SecurityError);
    assert.throws(() => env.getTemplate('ext').render(), SecurityError);
  });

  it('stops a recursive loop that never shrinks', () => {
    assert.throws(
      () => env.fromString('{% for x in xs recursive %}{{ loop(xs) }}{% endfor %}').render({ xs: [1] }),
      SecurityError,
    );
  });

  it('limits range() to 100000 items', () => {
    assert.throws(() => env.fromString('{{ range(100001)|length }}').render(), SecurityError);
    assert.equal(env.fromString('{{ range(100000)|length }}').render(), '100000');
  });
});
