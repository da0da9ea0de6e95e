import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type CliProcess, eventually, type Fixture, get, makeFixture, startCli } from '../cli/helpers/cli.ts';

const app = (version: string): string => `import { Flagon } from 'flagon';
export const app = new Flagon(import.meta.url);
app.get('/', function index() { return '${version} ' + process.pid; });
`;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the reloader', () => {
  let fixture: Fixture;
  let cli: CliProcess | undefined;
  before(() => {
    fixture = makeFixture({
      'app.ts': app('v1'),
      'views/helper.ts': 'export const x = 1;\n',
      'notes.md': '',
    });
  });
  after(() => {
    cli?.kill();
    fixture.rm();
  });

  it('restarts on a change, survives a syntax error, and exits cleanly on Ctrl-C', async () => {
    cli = startCli(['run', '--port', '0', '--reload'], { cwd: fixture.dir });
    const [, url] = await cli.waitFor(/Running on (http:\/\/127\.0\.0\.1:\d+)/);
    const first = await eventually(async () => {
      const response = await get(`${url}/`);
      return response.body.startsWith('v1') ? response.body : undefined;
    });
    const firstPid = Number(first.split(' ')[1]);

    // A file that is not source code changes nothing.
    fixture.write('notes.md', 'hello');
    fixture.write('app.ts', app('v2'));
    await cli.waitFor(/Detected change in '.*app\.ts', reloading/);
    const second = await eventually(async () => {
      const response = await get(`${url}/`);
      return response.body.startsWith('v2') ? response.body : undefined;
    });
    assert.notEqual(Number(second.split(' ')[1]), firstPid);
    assert.equal(isAlive(firstPid), false);

    // A syntax error is shown; the watcher stays, the port answers 503, and the next fix is picked up.
    fixture.write('app.ts', 'export const app = ;\n');
    await cli.waitFor(
      /While importing "app\.ts", an error was raised[\s\S]*The app failed to load; waiting for a change/,
    );
    const unavailable = await get(`${url}/`);
    assert.equal(unavailable.status, 503);
    fixture.write('views/helper.ts', 'export const x = 2;\n');
    fixture.write('app.ts', app('v3'));
    const third = await eventually(async () => {
      const response = await get(`${url}/`);
      return response.body.startsWith('v3') ? response.body : undefined;
    });

    cli.kill('SIGINT');
    assert.equal(await cli.exited(), 0);
    await eventually(async () => (isAlive(Number(third.split(' ')[1])) ? undefined : true));
  });
});
