import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TemplateSyntaxError, type Token, tokenize } from '@flagon/templates';

const kinds = (tokens: Token[]) =>
  tokens.map((t) => (t.type === 'operator' || t.type === 'name' ? `${t.type}:${t.value}` : t.type));
const data = (tokens: Token[]) => tokens.filter((t) => t.type === 'data').map((t) => t.value);

describe('tokenize', () => {
  it('splits text, variables and blocks into tokens', () => {
    assert.deepEqual(kinds(tokenize('a{{ x }}{% if y %}')), [
      'data',
      'variable_begin',
      'name:x',
      'variable_end',
      'block_begin',
      'name:if',
      'name:y',
      'block_end',
      'eof',
    ]);
  });

  it('records the line each token starts on', () => {
    const tokens = tokenize('a\nb\n{{ x\n + y }}');
    const y = tokens.find((t) => t.value === 'y');
    assert.equal(tokens.find((t) => t.value === 'x')?.lineno, 3);
    assert.equal(y?.lineno, 4);
  });

  it('decodes numbers and string escapes like Python', () => {
    const values = tokenize('{{ 1_000 0x1F 0o17 2.5e-1 "a\\tb\\x41" }}')
      .filter((t) => t.type !== 'variable_begin' && t.type !== 'variable_end' && t.type !== 'eof')
      .map((t) => t.value);
    assert.deepEqual(values, [1000, 31, 15, 0.25, 'a\tbA']);
  });

  it('treats }} inside a dict literal as closing braces, not the tag end', () => {
    assert.deepEqual(kinds(tokenize('{{ {"a": {"b": 1}} }}')).slice(-3), [
      'operator:}',
      'variable_end',
      'eof',
    ]);
  });

  it('drops comments, including tags inside them', () => {
    assert.deepEqual(data(tokenize('a{# {% if %} {{ x }} #}b')), ['a', 'b']);
  });

  it('keeps raw blocks as text', () => {
    assert.deepEqual(data(tokenize('{% raw %}{{ x }}{% endraw %}')), ['{{ x }}']);
  });

  it('strips whitespace next to a minus marker', () => {
    assert.deepEqual(data(tokenize('a  \n {%- if x -%} \n b')), ['a', 'b']);
  });

  it('does not mistake a negative number for a whitespace marker', () => {
    assert.deepEqual(kinds(tokenize('{{ -1 }}')), [
      'variable_begin',
      'operator:-',
      'integer',
      'variable_end',
      'eof',
    ]);
  });

  it('removes the newline after a block tag with trimBlocks', () => {
    assert.deepEqual(data(tokenize('{% if x %}\nyes', { trimBlocks: true })), ['yes']);
  });

  it('strips indentation before a block tag with lstripBlocks', () => {
    assert.deepEqual(data(tokenize('a\n    {% if x %}', { lstripBlocks: true })), ['a\n']);
  });

  it('keeps indentation before a block tag marked with +', () => {
    assert.deepEqual(data(tokenize('a\n    {%+ if x %}', { lstripBlocks: true })), ['a\n    ']);
  });

  it('drops one trailing newline unless keepTrailingNewline is set', () => {
    assert.deepEqual(data(tokenize('x\n')), ['x']);
    assert.deepEqual(data(tokenize('x\n', { keepTrailingNewline: true })), ['x\n']);
  });

  it('normalizes Windows newlines', () => {
    assert.deepEqual(data(tokenize('a\r\nb')), ['a\nb']);
  });

  it('uses custom delimiters', () => {
    const opts = {
      variableStartString: '${',
      variableEndString: '}',
      blockStartString: '<%',
      blockEndString: '%>',
    };
    // biome-ignore lint/suspicious/noTemplateCurlyInString: `${` is the variable delimiter under test.
    assert.deepEqual(kinds(tokenize('<% if x %>${ y }{{ z }}', opts)), [
      'block_begin',
      'name:if',
      'name:x',
      'block_end',
      'variable_begin',
      'name:y',
      'variable_end',
      'data',
      'eof',
    ]);
  });

  it('turns prefixed lines into statements when line statements are enabled', () => {
    const tokens = tokenize('# for x in y\n{{ x }}\n# endfor', { lineStatementPrefix: '#' });
    assert.deepEqual(kinds(tokens).slice(0, 6), [
      'block_begin',
      'name:for',
      'name:x',
      'name:in',
      'name:y',
      'block_end',
    ]);
  });

  it('reports an unclosed tag with the line it is on', () => {
    assert.throws(
      () => tokenize('a\n{{ x'),
      (e: unknown) => e instanceof TemplateSyntaxError && e.lineno === 2,
    );
  });

  it('reports unclosed comments, raw blocks and strings', () => {
    assert.throws(() => tokenize('{# x'), TemplateSyntaxError);
    assert.throws(() => tokenize('{% raw %} x'), TemplateSyntaxError);
    assert.throws(() => tokenize('{{ "abc }}'), TemplateSyntaxError);
  });

  it('rejects characters that start no token', () => {
    assert.throws(() => tokenize('{{ x $ y }}'), /Unexpected character '\$'/);
  });
});
