import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DictLoader, Environment, Markup } from '@flagon/templates';

class User {
  name = 'ann';
  #secret = 'hidden';
  get upper(): string {
    return this.name.toUpperCase();
  }
  greet(who: string): string {
    return `hi ${who}, I am ${this.name}`;
  }
  reveal(): string {
    return this.#secret;
  }
}

const env = new Environment({ loader: new DictLoader({ lib: '{% macro m() %}{% endmacro %}' }) });
let pwned = false;
const vars = () => ({
  s: 'str',
  o: { a: 1 },
  arr: [1, 2],
  fn: () => 'called',
  user: new User(),
  date: new Date(0),
  markPwned: () => {
    pwned = true;
  },
});

function renderSafely(source: string): string {
  try {
    return env.fromString(source).render(vars());
  } catch (e) {
    return `error:${(e as Error).name}`;
  }
}

const ESCAPES = [
  '{{ "".constructor }}',
  '{{ "".constructor.constructor("return process")() }}',
  "{{ ''['constructor']['constructor']('return 1')() }}",
  '{{ s.constructor }}',
  '{{ s.__proto__ }}',
  '{{ o.constructor }}',
  '{{ o.__proto__ }}',
  '{{ o["__proto__"] }}',
  '{{ o.__defineGetter__ }}',
  '{{ o.__lookupGetter__ }}',
  '{{ o.hasOwnProperty }}',
  '{{ o.toString }}',
  '{{ o.valueOf }}',
  '{{ arr.constructor }}',
  '{{ arr.map }}',
  '{{ arr.length }}',
  '{{ fn.constructor }}',
  '{{ fn.call }}',
  '{{ fn.apply }}',
  '{{ fn.bind }}',
  '{{ fn.caller }}',
  '{{ fn.arguments }}',
  '{{ fn.prototype }}',
  '{{ fn.name }}',
  "{{ fn|attr('constructor') }}",
  "{{ o|attr('constructor') }}",
  "{{ [o]|map(attribute='constructor')|list }}",
  '{{ user.constructor }}',
  '{{ user.__proto__ }}',
  '{{ user.constructor.constructor("return 1")() }}',
  '{{ date.getTime }}',
  '{{ date.constructor }}',
  '{{ namespace.constructor }}',
  '{{ namespace().constructor }}',
  '{{ namespace().__proto__ }}',
  '{{ range.constructor }}',
  '{{ dict.constructor }}',
  '{{ cycler(1).constructor }}',
  '{{ cycler(1).next.constructor }}',
  '{{ joiner().constructor }}',
  '{{ lipsum.constructor }}',
  '{% for x in [1] %}{{ loop.constructor }}{{ loop.cycle.constructor }}{{ loop.__proto__ }}{% endfor %}',
  '{% macro m() %}{% endmacro %}{{ m.constructor }}{{ m.__proto__ }}{{ m.call }}',
  '{% macro m() %}{{ caller.constructor }}{% endmacro %}{% call m() %}{% endcall %}',
  '{% import "lib" as lib %}{{ lib.constructor }}{{ lib.__proto__ }}',
  '{{ self.constructor }}{{ self.__proto__ }}',
  '{{ s.split.constructor }}',
  '{{ o.items.constructor }}',
  '{{ (s|safe).constructor }}',
];

describe('templates cannot reach JS internals', () => {
  for (const source of ESCAPES) {
    it(`renders ${source} as undefined or an error, never as code`, () => {
      const out = renderSafely(source);
      assert.ok(
        out === '' || out.startsWith('error:') || /^(\[Undefined(, Undefined)*\])?$/.test(out),
        `${source} rendered ${JSON.stringify(out)}`,
      );
      assert.doesNotMatch(out, /function|native code|\[object|class /);
    });
  }

  it('never runs code built from strings', () => {
    renderSafely('{{ "".constructor.constructor("globalThis.__pwned = 1")() }}');
    assert.equal((globalThis as { __pwned?: unknown }).__pwned, undefined);
    assert.equal(pwned, false);
  });

  it('does not let set or namespaces write onto prototypes', () => {
    renderSafely(
      '{% set ns = namespace() %}{% set ns.__proto__ = 1 %}{% set o = {} %}{% set o.constructor = 1 %}',
    );
    assert.equal(({} as { constructor: unknown }).constructor, Object);
  });

  it('keeps a __proto__ key in a dict literal as plain data', () => {
    assert.equal(env.fromString('{{ {"__proto__": 5}["__proto__"] }}').render(), '5');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe('what templates can use', () => {
  it('reads own data of plain objects and arrays', () => {
    assert.equal(renderSafely('{{ o.a }}{{ arr[1] }}{{ arr.0 }}{{ arr[-1] }}'), '1212');
  });

  it('calls getters and methods of user classes, bound to the instance', () => {
    assert.equal(
      renderSafely('{{ user.upper }}|{{ user.greet("bob") }}|{{ user.reveal() }}'),
      'ANN|hi bob, I am ann|hidden',
    );
  });

  it('calls functions from the context', () => {
    assert.equal(renderSafely('{{ fn() }}'), 'called');
  });

  it('escapes autoescaped output and leaves Markup alone', () => {
    const ae = new Environment({ autoescape: true });
    assert.equal(
      ae.fromString('{{ a }}{{ b }}{{ a|safe }}').render({ a: '<x>', b: new Markup('<y>') }),
      '&lt;x&gt;<y><x>',
    );
  });
});
