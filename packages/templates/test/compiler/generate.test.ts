import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Environment, TemplateAssertionError } from '@flagon/templates';

const env = new Environment();
const render = (source: string, vars: Record<string, unknown> = {}) => env.fromString(source).render(vars);

describe('generated code', () => {
  it('embeds template text only as string literals, so JS in the text stays text', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the point is a literal `${…}` in template text.
    const hostile = '"; throw new Error("pwned"); "` ${process.exit(1)} </script>\\u2028\u2028';
    assert.equal(render(hostile), hostile);
  });

  it('keeps hostile string literals inside expressions inert', () => {
    assert.equal(render('{{ "\\"); process.exit(1); (\\"" }}'), '"); process.exit(1); ("');
  });

  it('creates no loop object when the body does not use loop', () => {
    assert.doesNotMatch(env.compileToSource('{% for x in y %}{{ x }}{% endfor %}'), /newLoop/);
    assert.match(env.compileToSource('{% for x in y %}{{ loop.index }}{% endfor %}'), /newLoop/);
  });

  it('looks up context variables once per function', () => {
    const code = env.compileToSource('{{ a }}{{ a }}{% for x in y %}{{ a }}{% endfor %}');
    assert.equal(code.match(/rt\.resolve\(ctx, "a"\)/g)?.length, 1);
  });

  it('skips output after an unconditional extends', () => {
    assert.doesNotMatch(env.compileToSource('{% extends "b" %}IGNORED'), /IGNORED/);
  });

  it('keeps the async loop machinery out of sync-compiled loops', () => {
    const code = env.compileToSource('{% for x in y if x %}{{ loop.last }}{% endfor %}');
    assert.doesNotMatch(code, /asyncLoop|keepPassing|await/);
  });

  it('generates async functions for async rendering', () => {
    const code = env.compileToSource('{{ x.y }}', null, true);
    assert.match(code, /async function root[\s\S]*rt\.thenable\(aw\$ = rt\.ga\([\s\S]*\? await aw\$ : aw\$/);
    assert.doesNotMatch(env.compileToSource('{{ x.y }}', null, false), /await|aw\$/);
  });

  it('fails at compile time on an unknown filter outside conditional code', () => {
    assert.throws(() => env.fromString('{{ x|nosuch }}'), TemplateAssertionError);
  });

  it('defers an unknown filter inside an if until it runs', () => {
    assert.equal(render('{% if false %}{{ x|nosuch }}{% endif %}ok'), 'ok');
    assert.throws(() => render('{% if true %}{{ x|nosuch }}{% endif %}'), /No filter named 'nosuch'/);
  });
});

describe('scoping', () => {
  it('keeps loop variables and loop-local sets inside the loop', () => {
    assert.equal(
      render('{% set x = 1 %}{% for x in [5] %}{% set y = x %}{% endfor %}{{ x }}[{{ y }}]'),
      '1[]',
    );
  });

  it('lets a set inside a loop start from the outer value on each iteration', () => {
    assert.equal(
      render('{% set t = 0 %}{% for x in [1, 2, 3] %}{% set t = t + x %}{{ t }},{% endfor %}{{ t }}'),
      '1,2,3,0',
    );
  });

  it('lets macros see variables set after they are defined', () => {
    assert.equal(render('{% macro m() %}{{ x }}{% endmacro %}{% set x = 1 %}{{ m() }}'), '1');
  });

  it('reads a context value before a top-level set of the same name', () => {
    assert.equal(render('{{ x }}{% set x = 1 %}{{ x }}', { x: 5 }), '51');
  });

  it('gives blocks the top-level variables but not loop variables unless scoped', () => {
    assert.equal(render('{% set y = 2 %}{% block b %}{{ y }}{% endblock %}'), '2');
  });
});

describe('loop controls and the loop object', () => {
  const lc = new Environment({ extensions: ['jinja2.ext.loopcontrols'] });

  it('breaks and continues', () => {
    assert.equal(
      lc
        .fromString(
          '{% for i in range(9) %}{% if i is odd %}{% continue %}{% endif %}{% if i > 5 %}{% break %}{% endif %}{{ i }}{% endfor %}',
        )
        .render(),
      '024',
    );
  });

  it('rejects break outside a loop', () => {
    assert.throws(() => lc.fromString('{% break %}'), /outside loop/);
  });

  it('offers changed() and cycle()', () => {
    assert.equal(
      render('{% for x in [1, 1, 2] %}{{ loop.changed(x) }}{{ loop.cycle("a", "b") }}{% endfor %}'),
      'TrueaFalsebTruea',
    );
  });

  it('renders recursive loops with depth', () => {
    const tree = [{ n: 'a', c: [{ n: 'b', c: [] }] }];
    assert.equal(
      render('{% for i in t recursive %}{{ loop.depth }}{{ i.n }}{{ loop(i.c) }}{% endfor %}', { t: tree }),
      '1a2b',
    );
  });
});
