import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse, TemplateAssertionError, TemplateSyntaxError, tokenize } from '@flagon/templates';

const ast = (source: string, options = {}) => parse(tokenize(source), options);
// biome-ignore lint/suspicious/noExplicitAny: tests walk the AST loosely.
const firstExpr = (source: string): any => (ast(source).body[0] as any).items[0];

describe('expression parsing', () => {
  it('binds unary minus tighter than power, like Jinja2', () => {
    const e = firstExpr('{{ -2 ** 2 }}');
    assert.equal(e.kind, 'BinOp');
    assert.equal(e.op, '**');
    assert.equal(e.left.kind, 'UnaryOp');
  });

  it('applies a filter after unary minus', () => {
    const e = firstExpr('{{ -3|abs }}');
    assert.equal(e.kind, 'Filter');
    assert.equal(e.node.kind, 'UnaryOp');
  });

  it('parses chained comparisons as one node', () => {
    const e = firstExpr('{{ 1 < x <= 5 }}');
    assert.equal(e.kind, 'Compare');
    assert.deepEqual(
      e.ops.map((o: { op: string }) => o.op),
      ['<', '<='],
    );
  });

  it('parses `not in` and tests with a bare argument', () => {
    assert.equal(firstExpr('{{ a not in b }}').ops[0].op, 'notin');
    const t = firstExpr('{{ x is divisibleby 3 }}');
    assert.equal(t.kind, 'Test');
    assert.equal(t.args.length, 1);
  });

  it('parses `obj.0` as an item lookup', () => {
    assert.equal(firstExpr('{{ users.0 }}').kind, 'Getitem');
  });

  it('parses slices and keyword, star and double-star arguments', () => {
    assert.equal(firstExpr('{{ x[1:-1:2] }}').arg.kind, 'Slice');
    const call = firstExpr('{{ f(1, *a, k=2, **kw) }}');
    assert.equal(call.kwargs[0].key, 'k');
    assert.ok(call.dynArgs && call.dynKwargs);
  });

  it('refuses expressions nested absurdly deep', () => {
    assert.throws(() => ast(`{{ ${'('.repeat(500)}1${')'.repeat(500)} }}`), /nested more than/);
  });
});

describe('statement parsing', () => {
  it('parses for loops with a filter, recursion and else', () => {
    // biome-ignore lint/suspicious/noExplicitAny: loose AST access.
    const loop = ast('{% for a, b in x if a recursive %}{% else %}{% endfor %}').body[0] as any;
    assert.equal(loop.kind, 'For');
    assert.equal(loop.target.kind, 'TupleTarget');
    assert.ok(loop.test && loop.recursive);
  });

  it('turns elif into a nested if in the else branch', () => {
    // biome-ignore lint/suspicious/noExplicitAny: loose AST access.
    const node = ast('{% if a %}1{% elif b %}2{% else %}3{% endif %}').body[0] as any;
    assert.equal(node.orelse[0].kind, 'If');
  });

  it('rejects unknown tags, naming them', () => {
    assert.throws(() => ast('{% frobnicate %}'), /unknown tag 'frobnicate'/);
  });

  it('says which end tag it was looking for', () => {
    assert.throws(() => ast('{% for x in y %}'), /'endfor' or 'else'/);
  });

  it('only knows do, break and continue when their extension is enabled', () => {
    assert.throws(() => ast('{% do x %}'), /Enable the 'do' extension/);
    assert.equal(ast('{% do x %}', { doStatement: true }).body[0]?.kind, 'ExprStmt');
  });

  it('rejects a non-default macro parameter after a default one', () => {
    assert.throws(() => ast('{% macro m(a=1, b) %}{% endmacro %}'), TemplateSyntaxError);
  });

  it('rejects a block defined twice', () => {
    assert.throws(
      () => ast('{% block a %}{% endblock %}{% block a %}{% endblock %}'),
      TemplateAssertionError,
    );
  });

  it('rejects assignment to a literal', () => {
    assert.throws(() => ast('{% set 1 = 2 %}'), TemplateSyntaxError);
  });

  it('refuses statements nested absurdly deep', () => {
    assert.throws(() => ast('{% if 1 %}'.repeat(500) + '{% endif %}'.repeat(500)), /nested more than/);
  });
});
