import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAppSpec } from '../../src/cli/app-spec.ts';

describe('parseAppSpec', () => {
  it('takes a bare module', () => {
    assert.deepEqual(parseAppSpec('src/app.ts'), { module: 'src/app.ts', name: null, args: null });
  });

  it('splits module and export name at the colon', () => {
    assert.deepEqual(parseAppSpec('hello:web'), { module: 'hello', name: 'web', args: null });
  });

  it('parses factory calls with literal arguments', () => {
    assert.deepEqual(parseAppSpec(`app.ts:createApp('dev', "x\\"y", -1.5e2, true, false, null, )`), {
      module: 'app.ts',
      name: 'createApp',
      args: ['dev', 'x"y', -150, true, false, null],
    });
    assert.deepEqual(parseAppSpec('app.ts:createApp()').args, []);
  });

  it('keeps a colon that belongs to a path', () => {
    assert.deepEqual(parseAppSpec('C:\\apps\\app.ts:app'), {
      module: 'C:\\apps\\app.ts',
      name: 'app',
      args: null,
    });
  });

  it('refuses anything that is not a literal', () => {
    for (const spec of [
      'a:createApp(x)',
      'a:createApp(1 + 1)',
      'a:createApp(`t`)',
      'a:createApp({})',
      'a:f(() => 1)',
    ]) {
      assert.throws(() => parseAppSpec(spec), /Only string, number, boolean and null literals/, spec);
    }
  });

  it('refuses malformed names and calls', () => {
    assert.throws(() => parseAppSpec('a:create-app'), /Failed to parse/);
    assert.throws(() => parseAppSpec('a:createApp(1'), /missing its closing parenthesis/);
    assert.throws(() => parseAppSpec(`a:createApp('open)`), /unterminated string/);
    assert.throws(() => parseAppSpec(':app'), /names no module/);
  });
});
