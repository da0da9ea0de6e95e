import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Environment } from '@flagon/templates';

const env = new Environment();
const render = (source: string, vars: Record<string, unknown> = {}) => env.fromString(source).render(vars);

/** A plain user record whose password is a non-enumerable own property. */
function userWithHiddenPassword(): Record<string, unknown> {
  const user: Record<string, unknown> = { name: 'ann' };
  Object.defineProperty(user, 'password', { value: 'hunter2', enumerable: false });
  return user;
}

class Account {
  name = 'acct';
  constructor() {
    Object.defineProperty(this, 'password', { value: 'hunter2', enumerable: false });
  }
}

describe('one access checkpoint: non-enumerable properties are never readable', () => {
  const paths: [string, string][] = [
    ['dot access', '{{ user.password }}'],
    ['subscript', "{{ user['password'] }}"],
    ['the attr filter', "{{ user|attr('password') }}"],
    ['map(attribute=)', "{{ [user]|map(attribute='password')|join }}"],
    ['sort(attribute=)', "{{ [user, user]|sort(attribute='password')|map(attribute='name')|join }}"],
    ['dict.get', "{{ user.get('password') }}"],
    ['in', "{{ 'password' in user }}"],
    ['% formatting with a mapping', "{{ '%(password)s' % user if 'password' in user else 'hidden' }}"],
  ];
  for (const [path, source] of paths) {
    it(`hides a plain object's non-enumerable password from ${path}`, () => {
      const out = render(source, { user: userWithHiddenPassword() });
      assert.doesNotMatch(out, /hunter2/);
    });
  }

  it('hides a class instance’s non-enumerable password from dot access and subscript', () => {
    assert.equal(render("{{ a.password }}|{{ a['password'] }}|{{ a.name }}", { a: new Account() }), '||acct');
  });

  it('refuses a str.format field naming a non-enumerable property', () => {
    assert.throws(() => render("{{ '{0.password}'.format(user) }}", { user: userWithHiddenPassword() }), {
      name: 'AttributeError',
    });
    assert.throws(() => render("{{ '{0[password]}'.format(user) }}", { user: userWithHiddenPassword() }), {
      name: 'KeyError',
    });
  });

  it('still formats enumerable fields through str.format', () => {
    assert.equal(render("{{ '{0.name}/{0[name]}'.format(user) }}", { user: { name: 'ann' } }), 'ann/ann');
  });

  it('does not print an error stack, message or other non-enumerable own property', () => {
    const err = new Error('boom at /srv/app/secret.ts');
    assert.equal(render('{{ err.stack }}{{ err["stack"] }}{{ err|attr("stack") }}', { err }), '');
  });

  it('reads the enumerable properties an app puts on its errors', () => {
    const err = Object.assign(new Error('x'), { code: 'E_FAIL' });
    assert.equal(render('{{ err.code }}', { err }), 'E_FAIL');
  });
});

describe('one access checkpoint: engine internals stay internal', () => {
  it('gives Undefined for loop.makeUndefined and other loop internals', () => {
    const out = render(
      '{% for x in [1] %}[{{ loop.makeUndefined }}{{ loop.advance }}{{ loop.current }}]{% endfor %}',
    );
    assert.equal(out, '[]');
  });

  it('gives Undefined for a cycler’s and a namespace’s internals', () => {
    const out = render(
      '{% set c = cycler(1) %}{% set ns = namespace(a=1) %}[{{ c.pos }}{{ ns.set }}{{ ns.__repr__ }}]',
    );
    assert.equal(out, '[]');
  });

  it('still reads what loop exposes', () => {
    assert.equal(render('{% for x in "ab" %}{{ loop.index }}{{ loop.cycle("x", "y") }}{% endfor %}'), '1x2y');
  });

  it('never reaches a prototype member through a plain object made with Object.create', () => {
    const data = Object.create({ secret: 'proto' }) as Record<string, unknown>;
    data.visible = 'own';
    assert.equal(render('{{ d.visible }}[{{ d.secret }}]', { d: data }), 'own[]');
  });
});
