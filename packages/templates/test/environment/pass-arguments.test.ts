import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Environment } from '@flagon/templates';

// Jinja2's @pass_context, @pass_eval_context and @pass_environment work on any callable, not only on filters.
describe('passContext, passEvalContext and passEnvironment on globals and functions', () => {
  it('passes the render context first to a global flagged passContext', () => {
    const env = new Environment();
    const greet = Object.assign(
      (ctx: { parent: Record<string, unknown> }, punct: string) => `hi ${ctx.parent.user}${punct}`,
      {
        passContext: true,
      },
    );
    env.globals.greet = greet;
    assert.equal(env.fromString("{{ greet('!') }}").render({ user: 'ann' }), 'hi ann!');
  });

  it('passes the eval context to a function in the render variables', () => {
    const env = new Environment({ autoescape: true });
    const mode = Object.assign((ec: { autoescape: boolean }) => (ec.autoescape ? 'escaping' : 'raw'), {
      passEvalContext: true,
    });
    assert.equal(
      env.fromString('{{ mode() }}{% autoescape false %} {{ mode() }}{% endautoescape %}').render({ mode }),
      'escaping raw',
    );
  });

  it('passes the environment to a function flagged passEnvironment', () => {
    const env = new Environment();
    const hasFilter = Object.assign((environment: Environment, name: string) => name in environment.filters, {
      passEnvironment: true,
    });
    assert.equal(
      env.fromString("{{ has('upper') }} {{ has('nope') }}").render({ has: hasFilter }),
      'True False',
    );
  });

  it('maps keyword arguments after the passed object through params', () => {
    const env = new Environment();
    const label = Object.assign(
      (ctx: { parent: Record<string, unknown> }, prefix = '', suffix = '') =>
        `${prefix}${ctx.parent.name}${suffix}`,
      { passContext: true, params: ['prefix', 'suffix'] },
    );
    assert.equal(env.fromString("{{ label(suffix=')', prefix='(') }}").render({ name: 'x', label }), '(x)');
  });

  it('calls unflagged functions with the template arguments only', () => {
    const env = new Environment();
    assert.equal(env.fromString('{{ f(1, 2) }}').render({ f: (...a: unknown[]) => a.length }), '2');
  });
});
