import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RuleSyntaxError } from '../../src/routing/errors.ts';
import { UrlMap } from '../../src/routing/map.ts';
import { Rule } from '../../src/routing/rule.ts';

const addRule = (rule: string, options: Partial<ConstructorParameters<typeof Rule>[1]> = {}): Rule => {
  const created = new Rule(rule, { endpoint: 'e', ...options });
  new UrlMap().add(created);
  return created;
};
const syntaxError = (pattern: RegExp) => (error: unknown) =>
  error instanceof RuleSyntaxError && pattern.test(error.message);

describe('rule parsing', () => {
  it('collects the variables and default keys as arguments', () => {
    const rule = addRule('/<int:id>/<name>', { defaults: { page: 1 } });
    assert.deepEqual([...rule.arguments].sort(), ['id', 'name', 'page']);
  });

  it('upper-cases methods and adds HEAD to GET', () => {
    assert.deepEqual([...(new Rule('/', { endpoint: 'e', methods: ['get', 'post'] }).methods ?? [])].sort(), [
      'GET',
      'HEAD',
      'POST',
    ]);
    assert.equal(new Rule('/', { endpoint: 'e' }).methods, null);
  });

  it('takes slash settings from the map until the rule sets its own', () => {
    const rule = new Rule('/x/', { endpoint: 'e' });
    assert.equal(rule.strictSlashes, true);
    new UrlMap({ strictSlashes: false }).add(rule);
    assert.equal(rule.strictSlashes, false);
    assert.equal(new Rule('/x/', { endpoint: 'e', strictSlashes: true }).strictSlashes, true);
  });

  it('parses converter arguments: words, quoted strings, numbers, booleans, named values', () => {
    assert.doesNotThrow(() => addRule('/<any(a, "b c", \'d,e\', 1.5, True):x>'));
    assert.doesNotThrow(() => addRule('/<int(fixed_digits=2, min=-5, signed=True):x>'));
    assert.doesNotThrow(() => addRule('/<any(a, b,):x>'));
  });
});

describe('RuleSyntaxError', () => {
  it('rejects a rule without a leading slash', () => {
    assert.throws(() => addRule('user'), syntaxError(/Rule 'user' must start with '\/'/));
  });

  it('rejects a rule without an endpoint', () => {
    assert.throws(() => new Rule('/', { endpoint: '' }), syntaxError(/needs an endpoint name/));
  });

  it('points at an unclosed "<"', () => {
    assert.throws(
      () => addRule('/user/<id'),
      syntaxError(/'\/user\/<id' has a '<' at position 6 that is never closed/),
    );
    assert.throws(() => addRule('/user/<id/x>'), syntaxError(/never closed/));
  });

  it('rejects malformed variable names', () => {
    assert.throws(() => addRule('/<1d>'), syntaxError(/'1d' is not a valid variable name/));
    assert.throws(() => addRule('/<>'), syntaxError(/'' is not a valid variable name/));
    assert.throws(() => addRule('/<int:>'), syntaxError(/not a valid variable name/));
    assert.throws(() => addRule('/<in-t:x>'), syntaxError(/'in-t' is not a valid converter name/));
  });

  it('rejects a variable name used twice, also across subdomain and path', () => {
    assert.throws(() => addRule('/<id>/<int:id>'), syntaxError(/uses the variable name 'id' twice/));
    assert.throws(
      () => addRule('/<user>', { subdomain: '<user>' }),
      syntaxError(/reuses the variable name 'user'/),
    );
  });

  it('names an unknown converter and lists the known ones', () => {
    assert.throws(
      () => addRule('/<slug:s>'),
      syntaxError(
        /converter 'slug' in '<slug:s>', which the map does not know\. Known converters: any, default, float, int, path, string, uuid\./,
      ),
    );
  });

  it('rejects unknown converter arguments, naming the ones it takes', () => {
    assert.throws(
      () => addRule('/<int(mn=1):id>'),
      syntaxError(/'int' converter has no argument 'mn'; it takes fixed_digits, min, max, signed/),
    );
    assert.throws(
      () => addRule('/<path(1):p>'),
      syntaxError(/'path' converter got 1 positional arguments; it takes no arguments/),
    );
  });

  it('rejects argument values of the wrong kind', () => {
    assert.throws(
      () => addRule('/<string(length=x):c>'),
      syntaxError(/whole number >= 0 for length, not 'x'/),
    );
    assert.throws(() => addRule('/<int(signed=1):n>'), syntaxError(/signed must be True or False/));
    assert.throws(() => addRule('/<any():p>'), syntaxError(/needs at least one item/));
  });

  it('rejects malformed argument lists', () => {
    assert.throws(() => addRule('/<any(a,,b):p>'), syntaxError(/an argument is empty/));
    assert.throws(() => addRule('/<any("a):p>'), syntaxError(/never closed|quote is never closed/));
    assert.throws(
      () => addRule('/<int(min=1, 2):n>'),
      syntaxError(/positional argument 2 comes after a named one/),
    );
    assert.throws(() => addRule('/<int(min=1, min=2):n>'), syntaxError(/'min' is given twice/));
    assert.throws(() => addRule('/<any(a b):p>'), syntaxError(/a b is not a number/));
  });

  it('rejects methods given as one string', () => {
    assert.throws(
      () => new Rule('/', { endpoint: 'e', methods: 'GET' }),
      syntaxError(/Pass a list: \['GET'\]/),
    );
  });

  it('rejects a redirectTo naming a variable the rule lacks', () => {
    assert.throws(
      () => new Rule('/old/<id>', { endpoint: 'e', redirectTo: '/new/<slug>' }),
      syntaxError(/uses <slug>, but the rule has no variable 'slug'/),
    );
  });

  it('rejects adding one rule to a second map', () => {
    const rule = addRule('/x');
    assert.throws(() => new UrlMap().add(rule), syntaxError(/was already added to a map/));
  });

  it('leaves a rule that failed to compile free to be fixed and added elsewhere', () => {
    const rule = new Rule('/<slug:s>', { endpoint: 'e' });
    assert.throws(() => new UrlMap().add(rule), RuleSyntaxError);
    assert.equal(rule.map, null);
  });
});
