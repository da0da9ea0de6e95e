import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Fixture, makeFixture, runCli } from './helpers/cli.ts';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

const APP = `
import { Blueprint, Flagon } from 'flagon';
export const app = new Flagon(import.meta.url);
app.get('/', function index() { return 'home'; });
app.get('/post/<int:id>', function post({ id }) { return String(id); });
app.get('/page/<any(about, "help me"):page>', function page({ page }) { return page; });
const admin = new Blueprint('admin', import.meta.url);
admin.get('/users/<name>', function user({ name }) { return name; });
app.registerBlueprint(admin, { urlPrefix: '/admin' });
`;

// Checked by tsc against the declaration `flagon routes --types` wrote.
const USES = `
import { urlFor } from 'flagon';
export const urls = [
  urlFor('index'),
  urlFor('post', { id: 3 }),
  urlFor('page', { page: 'help me' }),
  urlFor('admin.user', { name: 'ada' }),
  urlFor('static', { filename: 'a.css' }),
  urlFor('.relative'),
];
// @ts-expect-error an endpoint that does not exist
urlFor('psot', { id: 3 });
// @ts-expect-error id must be a number
urlFor('post', { id: 'three' });
// @ts-expect-error id is required
urlFor('post');
// @ts-expect-error not one of the any() items
urlFor('page', { page: 'contact' });
`;

const TSCONFIG = JSON.stringify({
  compilerOptions: {
    target: 'es2024',
    module: 'nodenext',
    types: ['node'],
    strict: true,
    noEmit: true,
    allowImportingTsExtensions: true,
    skipLibCheck: true,
    customConditions: ['flagon-source'],
  },
  include: ['src'],
});

describe('flagon routes --types', () => {
  let fixture: Fixture;
  before(() => {
    fixture = makeFixture({
      'package.json': '{ "type": "module" }',
      'src/app.ts': APP,
      'src/uses.ts': USES,
      'tsconfig.json': TSCONFIG,
    });
    symlinkSync(join(REPO, 'node_modules/@types'), join(fixture.dir, 'node_modules/@types'), 'dir');
  });
  after(() => fixture.rm());

  it('writes the Endpoints declaration from the registered routes, with param types', async () => {
    const result = await runCli(['--app', 'src/app.ts', 'routes', '--types'], { cwd: fixture.dir });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Wrote the Endpoints of \d+ rules to src\/flagon-endpoints\.d\.ts/);
    const written = readFileSync(join(fixture.dir, 'src/flagon-endpoints.d.ts'), 'utf8');
    assert.match(written, /"post": \{ id: number; \};/);
    assert.match(written, /"page": \{ page: "about" \| "help me"; \};/);
    assert.match(written, /"admin\.user": \{ name: string; \};/);
    assert.match(written, /"index": \{ {2}\};/);
    assert.match(written, /strictEndpoints: true;/);
  });

  it('makes a typo in an endpoint or a wrong param a compile error (strict mode)', async () => {
    const written = await runCli(['--app', 'src/app.ts', 'routes', '--types'], { cwd: fixture.dir });
    assert.equal(written.code, 0, written.stderr);
    const tsc = spawnSync(join(REPO, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], {
      cwd: fixture.dir,
      encoding: 'utf8',
    });
    // Every @ts-expect-error above is used (an unused one fails), and nothing else fails.
    assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
  });

  it('writes to the file it is given, creating its folder', async () => {
    const result = await runCli(['--app', 'src/app.ts', 'routes', '--types', 'types/routes.d.ts'], {
      cwd: fixture.dir,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(readFileSync(join(fixture.dir, 'types/routes.d.ts'), 'utf8'), /interface Endpoints/);
  });
});

describe('compile errors that say what is wrong', () => {
  let fixture: Fixture;
  let output = '';
  before(() => {
    fixture = makeFixture({
      'package.json': '{ "type": "module" }',
      'tsconfig.json': TSCONFIG,
      'src/wrong.ts': `
import { Flagon, urlFor } from 'flagon';
const app = new Flagon(import.meta.url);
const post = app.get('/p/<int:id>', function post({ id }) { return String(id); });
urlFor(post, { id: 'x' });
app.get('/u/<intt:id>', () => 'x');
`,
    });
    symlinkSync(join(REPO, 'node_modules/@types'), join(fixture.dir, 'node_modules/@types'), 'dir');
    const tsc = spawnSync(join(REPO, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], {
      cwd: fixture.dir,
      encoding: 'utf8',
    });
    output = tsc.stdout + tsc.stderr;
  });
  after(() => fixture.rm());

  it('names the param type urlFor wanted, not an overload mismatch', () => {
    assert.match(
      output,
      /src\/wrong\.ts\(5,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/,
    );
    assert.doesNotMatch(output, /No overload matches this call/);
  });

  it('names the unknown converter of a rule literal and how to declare it', () => {
    assert.match(output, /src\/wrong\.ts\(6,\d+\): error TS2345: .*Unknown converter 'intt' in this rule/);
    assert.match(output, /interface ConverterTypes \{ intt: \.\.\. \}/);
  });
});
