import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  type CliProcess,
  cleanEnv,
  eventually,
  type Fixture,
  get,
  makeFixture,
  runCli,
  startCli,
} from '../cli/helpers/cli.ts';

const APP = `import { Flagon } from 'flagon';
export const app = new Flagon(import.meta.url);
app.get('/pid', function pid() { return 'pid ' + process.pid; });
`;
const LOAD = fileURLToPath(new URL('./helpers/load.ts', import.meta.url));

interface LoadSummary {
  started: number;
  ok: number;
  errors: Record<string, number>;
  pids: string[];
}

/** The load loop in a second process; `summary` resolves with its JSON line once it ends. */
function startLoad(
  url: string,
  total: number,
  concurrency: number,
): {
  child: ChildProcessWithoutNullStreams;
  waitForOk: (n: number) => Promise<void>;
  currentOk: () => number;
  summary: Promise<LoadSummary>;
} {
  const child = spawn(
    process.execPath,
    ['--conditions=flagon-source', LOAD, url, String(total), String(concurrency)],
    {
      env: cleanEnv(),
    },
  );
  let out = '';
  const currentOk = (): number => Number([...out.matchAll(/^ok (\d+)$/gm)].at(-1)?.[1] ?? 0);
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    const best = currentOk();
    for (const waiter of [...waiters]) {
      if (best >= waiter.n) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  });
  const summary = new Promise<LoadSummary>((resolve, reject) => {
    child.on('close', () => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as LoadSummary);
      else reject(new Error(`The load process printed no summary:\n${out}`));
    });
  });
  return {
    child,
    waitForOk: (n) => new Promise((resolve) => waiters.push({ n, resolve })),
    currentOk,
    summary,
  };
}

async function pidsOver(url: string, requests: number): Promise<Set<string>> {
  const pids = new Set<string>();
  for (let i = 0; i < requests; i++) pids.add((await get(`${url}/pid`)).body);
  return pids;
}

describe('flagon serve', () => {
  let fixture: Fixture;
  const processes: Array<{ kill(): void }> = [];
  before(() => {
    fixture = makeFixture({ 'app.ts': APP, 'broken.ts': 'throw new Error("cannot boot");\n' });
  });
  after(() => {
    for (const p of processes) p.kill();
    fixture.rm();
  });

  describe('with two workers', () => {
    let cli: CliProcess;
    let url: string;
    before(async () => {
      cli = startCli(['serve', '--workers', '2', '--port', '0', '--access-log', '--graceful-timeout', '10'], {
        cwd: fixture.dir,
      });
      processes.push(cli);
      url = (await cli.waitFor(/Listening at: (http:\/\/127\.0\.0\.1:\d+)/))[1] as string;
      await cli.waitFor(/Booted worker[\s\S]*Booted worker/);
    });

    it('spreads requests over two worker processes', async () => {
      const pids = await pidsOver(url, 10);
      assert.equal(pids.size, 2, [...pids].join(', '));
      assert.ok(![...pids].includes(`pid ${cli.child.pid}`));
    });

    it('writes an access log line in the combined format to stdout', async () => {
      await get(`${url}/pid?x=1`, { 'user-agent': 'test-agent', referer: 'http://example.com/' });
      await cli.waitFor(
        /127\.0\.0\.1 - - \[\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\] "GET \/pid\?x=1 HTTP\/1\.1" 200 \d+ "http:\/\/example\.com\/" "test-agent"/,
      );
    });

    it('replaces a worker that was killed', async () => {
      const before = await pidsOver(url, 4);
      const victim = Number([...before][0]?.slice(4));
      process.kill(victim, 'SIGKILL');
      await cli.waitFor(new RegExp(`Worker ${victim} exited with signal SIGKILL; starting a new one`));
      const now = await eventually(async () => {
        const pids = await pidsOver(url, 6);
        return pids.size === 2 && !pids.has(`pid ${victim}`) ? pids : undefined;
      });
      assert.equal(now.size, 2);
    });

    it('restarts every worker on SIGHUP without a failed request', async () => {
      const load = startLoad(`${url}/pid`, 50_000, 4);
      processes.push(load.child);
      await load.waitForOk(200);
      const oldPids = await pidsOver(url, 6);
      const drainedBefore = (cli.output().match(/stopped after draining/g) ?? []).length;
      cli.child.kill('SIGHUP');
      await eventually(async () =>
        (cli.output().match(/stopped after draining/g) ?? []).length >= drainedBefore + 2 ? true : undefined,
      );
      // The new workers serve a while before the loop stops.
      await load.waitForOk(load.currentOk() + 300);
      load.child.stdin.write('stop\n');
      const summary = await load.summary;
      assert.deepEqual(summary.errors, {});
      assert.ok(
        summary.pids.some((pid) => !oldPids.has(`pid ${pid}`)),
        `no new worker served: ${summary.pids}`,
      );
    });

    it('finishes accepted requests on SIGTERM and exits with status 0', async () => {
      const load = startLoad(`${url}/pid`, 2000, 8);
      processes.push(load.child);
      await load.waitForOk(300);
      cli.child.kill('SIGTERM');
      const summary = await load.summary;
      assert.equal(await cli.exited(), 0);
      // Requests after the shutdown find the port closed; every request the server accepted was answered.
      const unexpected = Object.keys(summary.errors).filter((key) => key !== 'ECONNREFUSED');
      assert.deepEqual(unexpected, [], JSON.stringify(summary.errors));
      assert.ok(summary.ok >= 300);
      assert.match(cli.output(), /Shutdown complete/);
    });
  });

  it('replaces a worker after --max-requests', async () => {
    const cli = startCli(['serve', '--workers', '1', '--port', '0', '--max-requests', '3'], {
      cwd: fixture.dir,
    });
    processes.push(cli);
    const url = (await cli.waitFor(/Listening at: (http:\/\/127\.0\.0\.1:\d+)/))[1] as string;
    const pids = await pidsOver(url, 10);
    assert.ok(pids.size >= 2, [...pids].join(', '));
    assert.match(cli.output(), /is retiring \(max-requests\)/);
  });

  it('exits with status 3 and shows the error when the app cannot boot', async () => {
    const result = await runCli(['--app', 'broken', 'serve', '--workers', '1', '--port', '0'], {
      cwd: fixture.dir,
    });
    assert.equal(result.code, 3);
    assert.match(result.stderr, /Worker failed to boot: While importing "broken"[\s\S]*cannot boot/);
  });

  it('listens on all interfaces at $PORT when PORT is set', async () => {
    const cli = startCli(['serve', '--workers', '1'], { cwd: fixture.dir, env: { PORT: '0' } });
    processes.push(cli);
    await cli.waitFor(/Listening at: all addresses \(0\.0\.0\.0\)/);
    const url = (await cli.waitFor(/Listening at: (http:\/\/127\.0\.0\.1:\d+)/))[1] as string;
    await cli.waitFor(/Booted worker/);
    assert.match((await get(`${url}/pid`)).body, /^pid \d+$/);
  });
});
