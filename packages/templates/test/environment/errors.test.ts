import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DictLoader,
  Environment,
  TemplateNotFound,
  TemplateSyntaxError,
  TemplatesNotFound,
  UndefinedError,
  ZeroDivisionError,
} from '@flagon/templates';

const env = new Environment({
  loader: new DictLoader({
    page: 'one\ntwo\n{{ 1 / 0 }}',
    outer: 'a\n{% include "page" %}',
    lib: '{% macro boom() %}\n\n{{ nope.x }}{% endmacro %}',
    user: '{% import "lib" as lib %}\n{{ lib.boom() }}',
    bad: 'ok\n{% for %}',
  }),
});

function caught(fn: () => unknown): {
  name: string;
  lineno?: number;
  templateName?: string;
  message: string;
} {
  try {
    fn();
  } catch (e) {
    return e as { name: string; lineno?: number; templateName?: string; message: string };
  }
  throw new Error('expected an error');
}

describe('error positions', () => {
  it('maps a runtime error to the template line', () => {
    const e = caught(() => env.getTemplate('page').render());
    assert.ok(e instanceof ZeroDivisionError);
    assert.equal(e.lineno, 3);
    assert.equal(e.templateName, 'page');
    assert.match(e.message, /template 'page', line 3/);
  });

  it('names the innermost template when an included template fails', () => {
    const e = caught(() => env.getTemplate('outer').render());
    assert.equal(e.templateName, 'page');
    assert.equal(e.lineno, 3);
  });

  it('names the macro template when an imported macro fails', () => {
    const e = caught(() => env.getTemplate('user').render());
    assert.ok(e instanceof UndefinedError);
    assert.equal(e.templateName, 'lib');
    assert.equal(e.lineno, 3);
  });

  it('gives syntax errors the template name and line', () => {
    const e = caught(() => env.getTemplate('bad'));
    assert.ok(e instanceof TemplateSyntaxError);
    assert.equal(e.lineno, 2);
    assert.equal(e.templateName, 'bad');
  });

  it('raises TemplateNotFound and TemplatesNotFound with exact names', () => {
    assert.equal(caught(() => env.getTemplate('nope')).name, 'TemplateNotFound');
    const many = caught(() => env.selectTemplate(['x', 'y']));
    assert.ok(many instanceof TemplatesNotFound && many instanceof TemplateNotFound);
    assert.deepEqual(many.templates, ['x', 'y']);
  });

  it('tells an undefined attribute from an undefined name', () => {
    assert.match(caught(() => env.fromString('{{ missing() }}').render()).message, /'missing' is undefined/);
    assert.match(
      caught(() => env.fromString('{{ d.a.b }}').render({ d: {} })).message,
      /has no attribute 'a'/,
    );
  });
});
