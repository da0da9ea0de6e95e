import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { currentApp, Flagon } from 'flagon';
import { AppGroup, CommandError } from '../../src/app/app-group.ts';
import { CliRunner } from '../../src/cli/cli-runner.ts';
import { echo } from '../../src/cli/command-context.ts';

function appWithCli(): { app: Flagon; cli: AppGroup } {
  const app = new Flagon('runner');
  const holder = app as unknown as { cli?: AppGroup };
  holder.cli ??= new AppGroup(app.name);
  return { app, cli: holder.cli };
}

describe('CliRunner', () => {
  it('invokes a custom command in-process and captures its output', async () => {
    const { app, cli } = appWithCli();
    cli.command(
      'hello',
      { arguments: ['name'], options: { loud: { type: 'boolean' } } },
      ({ name, loud }, ctx) => {
        ctx.echo(loud ? `HELLO ${name}` : `hello ${name}`);
        ctx.echo('to stderr', { err: true });
      },
    );
    const result = await new CliRunner(app).invoke(['hello', 'ada', '--loud']);
    assert.deepEqual(result, { exitCode: 0, stdout: 'HELLO ada\n', stderr: 'to stderr\n', exception: null });
  });

  it('captures echo() and runs the handler in the app context', async () => {
    const { app, cli } = appWithCli();
    cli.command('who', {}, () => echo(`app=${currentApp.name}`));
    const result = await new CliRunner(app).invoke('who');
    assert.equal(result.stdout, 'app=runner\n');
  });

  it('feeds input to stdin', async () => {
    const { app, cli } = appWithCli();
    cli.command('count', {}, async (_p, ctx) =>
      ctx.echo((await ctx.readInput()).split('\n').filter(Boolean).length),
    );
    const result = await new CliRunner(app).invoke(['count'], { input: 'a\nb\nc\n' });
    assert.equal(result.stdout, '3\n');
  });

  it('sets environment variables for the invocation only', async () => {
    const { app, cli } = appWithCli();
    cli.command('show', { options: { level: { env: 'FLAGON_TEST_LEVEL' } } }, ({ level }, ctx) =>
      ctx.echo(level),
    );
    const result = await new CliRunner(app).invoke(['show'], { env: { FLAGON_TEST_LEVEL: 'high' } });
    assert.equal(result.stdout, 'high\n');
    assert.equal(process.env.FLAGON_TEST_LEVEL, undefined);
  });

  it('reports the exception a command raised, with exit status 1', async () => {
    const { app, cli } = appWithCli();
    const error = new RangeError('out of range');
    cli.command('bad', {}, () => {
      throw error;
    });
    const result = await new CliRunner(app).invoke(['bad']);
    assert.equal(result.exitCode, 1);
    assert.equal(result.exception, error);
  });

  it('turns CommandError into its message and exit status', async () => {
    const { app, cli } = appWithCli();
    cli.command('refuse', {}, () => {
      throw new CommandError('Not today.', { exitCode: 4 });
    });
    const result = await new CliRunner(app).invoke(['refuse']);
    assert.equal(result.exitCode, 4);
    assert.equal(result.stderr, 'Error: Not today.\n');
    assert.equal(result.exception, null);
  });

  it('runs the built-in routes command', async () => {
    const { app } = appWithCli();
    app.get('/ping', function ping() {
      return 'pong';
    });
    const result = await new CliRunner(app).invoke(['routes']);
    assert.match(result.stdout, /^ping +GET +\/ping$/m);
  });

  it('gives exit status 2 for a usage error', async () => {
    const { app, cli } = appWithCli();
    cli.command('need', { arguments: ['thing'] }, () => {});
    const result = await new CliRunner(app).invoke(['need']);
    assert.equal(result.exitCode, 2);
    assert.match(result.stderr, /missing required argument 'thing'/);
  });
});

describe('AppGroup', () => {
  it('rejects a variadic argument that is not last', () => {
    assert.throws(
      () => new AppGroup('x').command('c', { arguments: ['files...', 'dest'] }, () => {}),
      /can be variadic/,
    );
  });

  it('rejects malformed command names', () => {
    assert.throws(() => new AppGroup('x').command('bad name', () => {}), /not valid/);
  });

  it('returns the same nested group for the same name', () => {
    const group = new AppGroup('x');
    assert.equal(group.group('db'), group.group('db'));
  });
});
