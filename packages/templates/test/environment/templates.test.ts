import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DictLoader, Environment, Markup, TemplateModule, TemplateRuntimeError } from '@flagon/templates';

const env = new Environment({
  loader: new DictLoader({
    lib: '{% set version = "1" %}{% set _hidden = 2 %}{% macro hello(name) %}Hello {{ name }}{% endmacro %}body',
    'a.html': 'A',
    'b.html': 'B',
  }),
  autoescape: true,
});

describe('templates as modules', () => {
  it('exposes exported macros and variables to JS code', () => {
    const mod = env.getTemplate('lib').module;
    assert.ok(mod instanceof TemplateModule);
    const exports = mod.exports();
    assert.equal(exports.version, '1');
    assert.equal('_hidden' in exports, false);
    const out = (exports.hello as (name: string) => unknown)('<Ann>');
    assert.ok(out instanceof Markup);
    assert.equal(String(out), 'Hello &lt;Ann&gt;');
    assert.equal(String(mod), 'body');
  });
});

describe('choosing templates', () => {
  it('selects the first template that exists', () => {
    assert.equal(env.selectTemplate(['missing.html', 'b.html', 'a.html']).render(), 'B');
    assert.equal(env.getOrSelectTemplate(['missing.html', 'a.html']).render(), 'A');
  });

  it('includes a Template object passed in the context', () => {
    assert.equal(env.fromString('{% include t %}').render({ t: env.getTemplate('b.html') }), 'B');
  });

  it('includes the first existing template of a list', () => {
    assert.equal(env.fromString('{% include ["x.html", "a.html"] %}').render(), 'A');
  });

  it('reports a template extended twice', () => {
    assert.throws(
      () => env.fromString('{% extends "a.html" %}{% extends "b.html" %}').render(),
      TemplateRuntimeError,
    );
  });
});

describe('async errors', () => {
  it('rejects with the template line of the failure', async () => {
    const tmpl = env.fromString('line one\n{{ 1 // zero }}');
    await assert.rejects(
      tmpl.renderAsync({ zero: Promise.resolve(0) }),
      (e: { name: string; lineno: number }) => {
        return e.name === 'ZeroDivisionError' && e.lineno === 2;
      },
    );
  });
});
