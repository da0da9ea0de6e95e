import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Environment } from '@flagon/templates';

// Messages and error classes are Jinja2 3.1's for the same templates.
const env = new Environment();

describe('errors as Jinja2 gives them', () => {
  it('refuses {% for loop in … %} with TemplateAssertionError', () => {
    assert.throws(() => env.fromString('{% for loop in items %}{% endfor %}'), {
      name: 'TemplateAssertionError',
      message: /Can't assign to special loop variable in for-loop target/,
    });
  });

  it('refuses assigning to loop anywhere inside a for loop', () => {
    for (const source of [
      '{% for a, loop in y %}{% endfor %}',
      '{% for x in y %}{% set loop = 1 %}{% endfor %}',
      '{% for x in y %}{% for loop in z %}{% endfor %}{% endfor %}',
    ]) {
      assert.throws(() => env.fromString(source), { name: 'TemplateAssertionError' }, source);
    }
  });

  it('allows a variable named loop outside any loop', () => {
    assert.equal(env.fromString('{% set loop = 2 %}{{ loop }}').render(), '2');
  });

  it('compiles an unknown test behind a guard and renders when the guard holds it back', () => {
    const tmpl = env.fromString('{% if x is defined and x is evn %}yes{% endif %}');
    assert.equal(tmpl.render(), '');
  });

  it('fails at run time, as Jinja2 does, when the unknown test is reached', () => {
    const tmpl = env.fromString('{% if x is defined and x is evn %}yes{% endif %}');
    assert.throws(() => tmpl.render({ x: 1 }), {
      name: 'TemplateRuntimeError',
      message: /No test named 'evn' found/,
    });
  });

  it('still refuses an unknown test outside any condition at compile time', () => {
    assert.throws(() => env.fromString('{{ x is defined and x is evn }}'), {
      name: 'TemplateAssertionError',
      message: /No test named 'evn'/,
    });
  });

  it('names the innermost open block and the line it was opened on', () => {
    assert.throws(() => env.fromString('{% if true %}\n{% for a in b %}\n'), {
      name: 'TemplateSyntaxError',
      message:
        /Jinja was looking for the following tags: 'endfor' or 'else'\. The innermost block that needs to be closed is 'for'\. It was opened on line 2\./,
    });
    assert.throws(() => env.fromString('{% if a %}\n{% block b %}\n'), {
      message: /The innermost block that needs to be closed is 'block'\. It was opened on line 2\./,
    });
  });
});
