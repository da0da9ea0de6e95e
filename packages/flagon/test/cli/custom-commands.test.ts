import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Fixture, makeFixture, runCli } from './helpers/cli.ts';
import { COMMAND_APP } from './helpers/command-app.ts';

describe('custom commands in the real CLI', { concurrency: true }, () => {
  let fixture: Fixture;
  before(() => {
    fixture = makeFixture({ 'app.ts': COMMAND_APP });
  });
  after(() => fixture.rm());

  it('lists the custom commands, groups and blueprint groups in flagon --help', async () => {
    const result = await runCli(['--help'], { cwd: fixture.dir });
    assert.equal(result.code, 0, result.stderr);
    for (const name of ['routes', 'shell', 'run', 'serve', 'greet', 'whoami', 'db', 'admin']) {
      assert.match(result.stdout, new RegExp(`^  ${name}\\b`, 'm'), name);
    }
    assert.match(result.stdout, /greet \[options\] <name> \[titles\.\.\.\] +Greet someone\./);
  });

  it('passes typed arguments and options to the handler', async () => {
    const result = await runCli(
      ['greet', 'Ada', 'Dr', 'Prof', '-s', '--times', '2', '--tag', 'a', '--tag', 'b'],
      {
        cwd: fixture.dir,
      },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'HELLO DR PROF ADA\nHELLO DR PROF ADA\ntags: a,b\n');
  });

  it('runs handlers inside the app context by default', async () => {
    const result = await runCli(['whoami'], { cwd: fixture.dir });
    assert.equal(result.stdout, 'app=app\n');
  });

  it('runs commands of nested groups and of blueprints', async () => {
    const init = await runCli(['db', 'init', '--drop'], { cwd: fixture.dir });
    assert.equal(init.stdout, 'init drop=true\n');
    const promote = await runCli(['admin', 'promote', 'ada'], { cwd: fixture.dir });
    assert.equal(promote.stdout, 'promoted ada\n');
  });

  it('exits with status 2 and the usage when an argument is missing', async () => {
    const result = await runCli(['greet'], { cwd: fixture.dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /missing required argument 'name'/);
  });

  it('exits with status 2 for a value that is not a number or not a choice', async () => {
    const notNumber = await runCli(['greet', 'x', '--times', 'lots'], { cwd: fixture.dir });
    assert.equal(notNumber.code, 2);
    assert.match(notNumber.stderr, /'lots' is not a number/);
    const notChoice = await runCli(['greet', 'x', '--lang', 'de'], { cwd: fixture.dir });
    assert.equal(notChoice.code, 2);
    assert.match(notChoice.stderr, /Allowed choices are en, fr/);
  });

  it('exits with status 2 for an unknown command', async () => {
    const result = await runCli(['nope'], { cwd: fixture.dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown command 'nope'/);
  });

  it('prints a CommandError as "Error: message" and exits with status 1', async () => {
    const result = await runCli(['refuse'], { cwd: fixture.dir });
    assert.equal(result.code, 1);
    assert.equal(result.stderr, 'Error: The database is not empty; pass --force.\n');
  });

  it('prints the stack of an unexpected error and exits with status 1', async () => {
    const result = await runCli(['crash'], { cwd: fixture.dir });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Error: unexpected crash\n\s+at .*app\.ts/);
  });

  it('exits with the status given to ctx.exit', async () => {
    const result = await runCli(['quit'], { cwd: fixture.dir });
    assert.equal(result.code, 3);
  });

  it('reads piped input', async () => {
    const result = await runCli(['upper'], { cwd: fixture.dir, input: 'piped text\n' });
    assert.equal(result.stdout, 'PIPED TEXT\n');
  });

  it('lists the commands and says why when the app cannot be loaded', async () => {
    const result = await runCli(['--app', 'missing', 'greet', 'x'], { cwd: fixture.dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /The app could not be loaded, so its commands are not available/);
    assert.match(result.stderr, /Could not import "missing"/);
  });
});
