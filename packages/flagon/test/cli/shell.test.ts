import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Fixture, makeFixture, runCli } from './helpers/cli.ts';
import { COMMAND_APP } from './helpers/command-app.ts';

describe('flagon shell', () => {
  let fixture: Fixture;
  before(() => {
    fixture = makeFixture({ 'app.ts': COMMAND_APP });
  });
  after(() => fixture.rm());

  it('evaluates piped input with app, g, config, the shell context and top-level await', async () => {
    const input = [
      'app.name',
      'config.TESTING',
      'answer + 1',
      'g.counter = 5',
      // One line: piped lines do not wait for the previous line's await.
      'await import("flagon").then(({ currentApp, g: proxyG }) => [currentApp.name, proxyG.counter])',
      '',
    ].join('\n');
    const result = await runCli(['shell'], { cwd: fixture.dir, input });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Node v\d+\.\d+\.\d+ on \w+\nApp: app\nInstance: .*instance\n/);
    assert.match(result.stdout, /> 'app'\n/);
    assert.match(result.stdout, /> false\n/);
    assert.match(result.stdout, /\b43\n/);
    // The app context stays pushed across lines and awaits: currentApp and the same g work.
    assert.match(result.stdout, /\[ 'app', 5 \]/);
  });
});
