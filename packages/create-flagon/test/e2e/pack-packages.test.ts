// tools/pack-packages.ts, the packing that published.test.ts and the blog's image test (through deploy/pack.sh)
// share: concurrent callers in separate processes get one set of tarballs, and a lock left by a dead process
// does not block the next caller.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { withDirLock } from '../../../../tools/dir-lock.ts';
import { projectEnv, REPO, tarballFiles, tempDir } from '../helpers/packages.ts';

const TOOL = join(REPO, 'tools/pack-packages.ts');
const LOCK = join(REPO, 'tools/dir-lock.ts');

interface ChildResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a module script in a child Node.js (the one running this test) and collects its output. */
function node(script: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: REPO,
      env: projectEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface Reported {
  readonly dir: string;
  readonly tarballs: [string, string][];
  readonly skipped: [string, string][];
  readonly packed: boolean;
}

describe('packPackages, called by two processes at once', () => {
  const cache = tempDir('flagon-pack-cache-');
  after(() => cache.rm());
  const script = `
    import { packPackages } from ${JSON.stringify(TOOL)};
    const set = packPackages({ only: ['templates', 'flagon'], cache: ${JSON.stringify(cache.dir)} });
    console.log(JSON.stringify({ dir: set.dir, tarballs: [...set.tarballs], skipped: [...set.skipped], packed: set.packed }));
  `;
  let results: Reported[] = [];

  it('lets both finish', async () => {
    const children = await Promise.all([node(script), node(script)]);
    for (const child of children) assert.equal(child.code, 0, child.stderr);
    results = children.map(
      (child) => JSON.parse(child.stdout.trim().split('\n').at(-1) as string) as Reported,
    );
  });

  it('packs once: one caller packs, the other waits and takes its set', () => {
    assert.equal(results.length, 2);
    assert.deepEqual(results.map((result) => result.packed).sort(), [false, true]);
  });

  it('gives both the same tarball paths, in the cache folder', () => {
    const [first, second] = results as [Reported, Reported];
    assert.equal(first.dir, second.dir);
    assert.ok(first.dir.startsWith(cache.dir));
    assert.deepEqual(first.tarballs, second.tarballs);
    assert.deepEqual(
      first.tarballs.map(([name]) => name),
      ['templates', 'flagon'],
    );
    assert.deepEqual(first.skipped, []);
  });

  it('gives tarballs that list dist/index.js', () => {
    for (const [name, path] of (results[0] as Reported).tarballs)
      assert.ok(tarballFiles(path).includes('dist/index.js'), `${name}: ${path}`);
  });

  it('finds the same set on a later call without packing', async () => {
    const again = await node(script);
    assert.equal(again.code, 0, again.stderr);
    const reported = JSON.parse(again.stdout.trim().split('\n').at(-1) as string) as Reported;
    assert.equal(reported.packed, false);
    assert.deepEqual(reported.tarballs, (results[0] as Reported).tarballs);
  });
});

describe('withDirLock', () => {
  const work = tempDir('flagon-dir-lock-');
  after(() => work.rm());

  it('takes over a lock whose owner process is gone', () => {
    const lock = join(work.dir, 'stale.lock');
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    mkdirSync(lock);
    writeFileSync(
      join(lock, 'owner.json'),
      JSON.stringify({ pid: Number(gone.stdout), host: hostname(), token: 'dead' }),
    );
    assert.equal(
      withDirLock(lock, () => 'ran', { timeoutMs: 60_000 }),
      'ran',
    );
  });

  it('makes a second process wait until the first lets go', async () => {
    const lock = join(work.dir, 'shared.lock');
    const log = join(work.dir, 'order.log');
    writeFileSync(log, '');
    const holder = (name: string): string => `
      import { appendFileSync } from 'node:fs';
      import { withDirLock } from ${JSON.stringify(LOCK)};
      withDirLock(${JSON.stringify(lock)}, () => {
        appendFileSync(${JSON.stringify(log)}, '${name} in\\n');
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
        appendFileSync(${JSON.stringify(log)}, '${name} out\\n');
      }, { pollMs: 20 });
    `;
    const children = await Promise.all([node(holder('a')), node(holder('b')), node(holder('c'))]);
    for (const child of children) assert.equal(child.code, 0, child.stderr);
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    assert.equal(lines.length, 6);
    // Never two inside at once: every "in" is followed by the same holder's "out".
    for (let i = 0; i < lines.length; i += 2)
      assert.equal(lines[i + 1], (lines[i] as string).replace(' in', ' out'), lines.join(', '));
  });
});
