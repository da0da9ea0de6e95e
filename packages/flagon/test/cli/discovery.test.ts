import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Fixture, makeFixture, runCli } from './helpers/cli.ts';

const APP = (label: string): string => `
import { Flagon } from 'flagon';
export const app = new Flagon(import.meta.url);
app.get('/${label}', function ${label}() { return '${label}'; });
`;

describe('app discovery', { concurrency: true }, () => {
  let fixture: Fixture;
  before(() => {
    fixture = makeFixture({
      'app.ts': APP('fromDefaultFile'),
      'hello.ts': APP('fromHello'),
      'named.ts': `
import { Flagon } from 'flagon';
export const web = new Flagon(import.meta.url);
web.get('/named', function named() { return 'named'; });
export const other = new Flagon(import.meta.url);
`,
      'factory.ts': `
import { Flagon } from 'flagon';
export function createApp(mode: string, level: number, verbose: boolean, extra: null) {
  const app = new Flagon(import.meta.url);
  app.get('/' + mode + '/' + level + '/' + verbose + '/' + extra, function made() { return 'x'; });
  return app;
}
`,
      'auto-factory.ts': `
import { Flagon } from 'flagon';
export async function createApp() {
  await new Promise((r) => setTimeout(r, 1));
  const app = new Flagon(import.meta.url);
  app.get('/async-factory', function fromFactory() { return 'x'; });
  return app;
}
`,
      'needs-args.ts': `
import { Flagon } from 'flagon';
export function createApp(mode: string) {
  if (mode === undefined) throw new TypeError('createApp() needs a mode');
  return new Flagon(import.meta.url);
}
`,
      'optional-factory.ts': `
import { Flagon } from 'flagon';
export function createApp(testConfig?: Record<string, unknown>, name = 'made') {
  const app = new Flagon(import.meta.url);
  app.get('/' + name + '/' + (testConfig === undefined ? 'no-config' : 'config'), function optional() { return 'x'; });
  return app;
}
`,
      'broken.ts': `
import { Flagon } from 'flagon';
export const app = new Flagon(import.meta.url);
throw new Error('the database is down');
`,
      'syntax.ts': 'export const app = ;\n',
      'nothing.ts': 'export const value = 1;\n',
      'pkg/src/app.ts': APP('fromSrcApp'),
    });
  });
  after(() => fixture.rm());

  it('finds app.ts in the current directory when no app is named', async () => {
    const result = await runCli(['routes'], { cwd: fixture.dir });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /fromDefaultFile/);
  });

  it('finds src/app.ts when there is no app.ts', async () => {
    const result = await runCli(['routes'], { cwd: `${fixture.dir}/pkg` });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /fromSrcApp/);
  });

  it('imports the module named by --app, with or without its extension', async () => {
    for (const spec of ['hello', 'hello.ts', './hello.ts']) {
      const result = await runCli(['--app', spec, 'routes'], { cwd: fixture.dir });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /fromHello/, spec);
    }
  });

  it('takes the export named after the colon', async () => {
    const result = await runCli(['--app', 'named.ts:web', 'routes'], { cwd: fixture.dir });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /\/named/);
  });

  it('reads the app from FLAGON_APP when --app is not given', async () => {
    const result = await runCli(['routes'], { cwd: fixture.dir, env: { FLAGON_APP: 'hello' } });
    assert.match(result.stdout, /fromHello/);
  });

  it('lets --app beat FLAGON_APP', async () => {
    const result = await runCli(['--app', 'hello', 'routes'], {
      cwd: fixture.dir,
      env: { FLAGON_APP: 'named:web' },
    });
    assert.match(result.stdout, /fromHello/);
  });

  it('calls a factory with string, number, boolean and null literals', async () => {
    const result = await runCli(['--app', `factory.ts:createApp('dev', 2, true, null)`, 'routes'], {
      cwd: fixture.dir,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /\/dev\/2\/true\/null/);
  });

  it('calls (and awaits) a createApp factory that takes no arguments', async () => {
    const result = await runCli(['--app', 'auto-factory', 'routes'], { cwd: fixture.dir });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /\/async-factory/);
  });

  it('refuses factory arguments that are not literals, without evaluating them', async () => {
    const result = await runCli(['--app', 'factory.ts:createApp(process.exit(7))', 'routes'], {
      cwd: fixture.dir,
    });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Only string, number, boolean and null literals are allowed/);
  });

  it('says when no app can be found, with exit status 2', async () => {
    const result = await runCli(['routes'], { cwd: `${fixture.dir}/node_modules/flagon/test` });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Usage: flagon routes/);
    assert.match(result.stderr, /Could not locate a Flagon application\. Use the 'flagon --app' option/);
  });

  it('names the files it tried when the module does not exist', async () => {
    const result = await runCli(['--app', 'missing.ts', 'routes'], { cwd: fixture.dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Could not import "missing\.ts": no such file/);
  });

  it('shows the error raised while importing the app, with its stack', async () => {
    const result = await runCli(['--app', 'broken', 'routes'], { cwd: fixture.dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /While importing "broken", an error was raised:/);
    assert.match(result.stderr, /Error: the database is down\n\s+at .*broken\.ts:4/);
  });

  it('shows a syntax error in the app with its file', async () => {
    const result = await runCli(['--app', 'syntax', 'routes'], { cwd: fixture.dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /While importing "syntax"/);
    assert.match(result.stderr, /syntax\.ts/);
  });

  it('says which export is missing', async () => {
    const result = await runCli(['--app', 'hello:nope', 'routes'], { cwd: fixture.dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Failed to find attribute "nope" in "hello"/);
  });

  it('says when a module has no app or factory', async () => {
    const result = await runCli(['--app', 'nothing', 'routes'], { cwd: fixture.dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Failed to find a Flagon application or factory in module "nothing"/);
  });

  it('calls a factory whose parameters are optional without arguments, as Flask calls create_app()', async () => {
    const result = await runCli(['--app', 'optional-factory', 'routes'], { cwd: fixture.dir });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /\/made\/no-config/);
  });

  it('asks for arguments when calling the factory without them fails, and shows why', async () => {
    const result = await runCli(['--app', 'needs-args', 'routes'], { cwd: fixture.dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /calling it without arguments raised an error/);
    assert.match(result.stderr, /needs-args:createApp\(args\)/);
    assert.match(result.stderr, /createApp\(\) needs a mode/);
  });
});
