// `npm start` (src/main.ts) as a fresh clone runs it: migrations applied on first start, then the blog served.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const blogDir = fileURLToPath(new URL('..', import.meta.url));

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** Runs src/main.ts as `npm start` does, on a free port, and resolves once it says where it serves. */
function start(env: Record<string, string>): Promise<Started> {
  // Without the test runner's marker, which would make app.listen quiet (no "Running on" banner).
  const { NODE_TEST_CONTEXT: _, ...parentEnv } = process.env;
  const child = spawn(process.execPath, ['--conditions=flagon-source', 'src/main.ts'], {
    cwd: blogDir,
    env: { ...parentEnv, PORT: '0', NODE_ENV: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`npm start did not serve within 20 s:\n${output}`));
    }, 20_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url !== undefined) {
        clearTimeout(timer);
        resolve({ child, url, output: () => output });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`npm start exited with ${code}:\n${output}`), { output, code }));
    });
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('npm start', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'flagon-blog-start-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies the migrations on first start, serves the index, and exits cleanly on SIGTERM', async () => {
    const env = { DATABASE_URL: `sqlite:///${join(dir, 'fresh.sqlite')}`, SECRET_KEY: 'start-test' };
    const first = await start(env);
    try {
      assert.match(first.output(), /Applied migration 20260101000000_create_user_and_post\n/);
      assert.match(first.output(), /Applied migration 20260102000000_roles_comments_tokens\n/);
      const res = await fetch(`${first.url}/`);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /No posts yet\./);
    } finally {
      assert.equal(await stop(first.child), 0);
    }
    const second = await start(env);
    try {
      assert.doesNotMatch(second.output(), /Applied migration/);
    } finally {
      await stop(second.child);
    }
  });

  it('refuses to start in production without SECRET_KEY', async () => {
    await assert.rejects(
      start({
        NODE_ENV: 'production',
        SECRET_KEY: '',
        DATABASE_URL: `sqlite:///${join(dir, 'prod.sqlite')}`,
      }),
      (error: Error & { code?: number }) =>
        error.code === 1 &&
        /SECRET_KEY is not set, and the blog refuses to start in production/.test(error.message),
    );
  });
});
