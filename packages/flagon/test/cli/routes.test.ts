import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Fixture, makeFixture, runCli } from './helpers/cli.ts';

describe('flagon routes', { concurrency: true }, () => {
  let fixture: Fixture;
  before(() => {
    fixture = makeFixture({
      'app.ts': `
import { Flagon } from 'flagon';
export const app = new Flagon(import.meta.url);
app.get('/', function index() { return 'x'; });
app.post('/items/<int:id>', function item() { return 'x'; });
app.route('/admin', { methods: ['GET', 'DELETE'] }, function admin() { return 'x'; });
`,
      'empty.ts': `
import { Flagon } from 'flagon';
export const app = new Flagon(import.meta.url, { staticFolder: null });
`,
    });
  });
  after(() => fixture.rm());

  it('prints endpoint, methods and rule, sorted by endpoint, without HEAD and OPTIONS', async () => {
    const result = await runCli(['routes'], { cwd: fixture.dir });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stdout,
      [
        'Endpoint  Methods      Rule',
        '--------  -----------  -----------------------',
        'admin     DELETE, GET  /admin',
        'index     GET          /',
        'item      POST         /items/<int:id>',
        'static    GET          /static/<path:filename>',
        '',
      ].join('\n'),
    );
  });

  it('sorts by rule', async () => {
    const result = await runCli(['routes', '--sort', 'rule'], { cwd: fixture.dir });
    const endpoints = result.stdout
      .split('\n')
      .slice(2, -1)
      .map((line) => line.split(' ')[0]);
    assert.deepEqual(endpoints, ['index', 'admin', 'item', 'static']);
  });

  it('sorts by methods, as Flask does', async () => {
    const result = await runCli(['routes', '-s', 'methods'], { cwd: fixture.dir });
    const endpoints = result.stdout
      .split('\n')
      .slice(2, -1)
      .map((line) => line.split(' ')[0]);
    assert.deepEqual(endpoints, ['admin', 'static', 'index', 'item']);
  });

  it('keeps the order the rules were added with --sort match', async () => {
    const result = await runCli(['routes', '--sort', 'match'], { cwd: fixture.dir });
    const endpoints = result.stdout
      .split('\n')
      .slice(2, -1)
      .map((line) => line.split(' ')[0]);
    assert.deepEqual(endpoints, ['static', 'index', 'item', 'admin']);
  });

  it('shows HEAD and OPTIONS with --all-methods', async () => {
    const result = await runCli(['routes', '--all-methods'], { cwd: fixture.dir });
    assert.match(result.stdout, /^index +GET, HEAD, OPTIONS +\/$/m);
    assert.match(result.stdout, /^item +OPTIONS, POST +\/items\/<int:id>$/m);
  });

  it('says so when the app has no routes', async () => {
    const result = await runCli(['--app', 'empty', 'routes'], { cwd: fixture.dir });
    assert.equal(result.stdout, 'No routes were registered.\n');
  });

  it('rejects an unknown sort key with exit status 2', async () => {
    const result = await runCli(['routes', '--sort', 'size'], { cwd: fixture.dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Allowed choices are endpoint, methods, rule, match/);
  });
});
