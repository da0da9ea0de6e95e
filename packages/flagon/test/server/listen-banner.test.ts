import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Flagon } from 'flagon';

const FLAGON = fileURLToPath(new URL('../../src/index.ts', import.meta.url));

/** Runs a script that calls app.listen, as `node app.ts` would (outside node:test), until its first request. */
async function runScript(debug: boolean): Promise<string> {
  const script = `
import { Flagon } from ${JSON.stringify(FLAGON)};
const app = new Flagon('banner-app');
app.debug = ${debug};
app.get('/', () => 'ok');
const server = await app.listen({ port: 0 });
process.stdout.write(server.url + '\\n');
process.stdin.once('data', async () => { await server.close(); });
`;
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  const child = spawn(process.execPath, ['--conditions=flagon-source', '--input-type=module', '-e', script], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const [first] = (await once(child.stdout, 'data')) as [Buffer];
  const url = first.toString().trim();
  await new Promise<void>((resolve, reject) =>
    request(`${url}/?q=1`, (res) => res.resume().on('end', resolve))
      .on('error', reject)
      .end(),
  );
  // Let the response's close event write its line before stopping.
  await new Promise((resolve) => setTimeout(resolve, 50));
  child.stdin.end('stop\n');
  await once(child, 'exit');
  return stderr;
}

describe('app.listen output', () => {
  it('prints the URL banner as flagon run does', async () => {
    const stderr = await runScript(false);
    assert.match(stderr, / \* Serving Flagon app 'banner-app'/);
    assert.match(stderr, / \* Debug mode: off/);
    assert.match(stderr, / \* Running on http:\/\/127\.0\.0\.1:\d+/);
    assert.doesNotMatch(stderr, /"GET \//);
  });

  it('logs one line per request in debug mode', async () => {
    const stderr = await runScript(true);
    assert.match(stderr, / \* Debug mode: on/);
    assert.match(stderr, /127\.0\.0\.1 - - \[[^\]]+\] "GET \/\?q=1 HTTP\/1\.1" 200 -/);
  });

  it('rejects a taken port with the message flagon run gives', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const app = new Flagon('taken');
      await assert.rejects(app.listen({ port, quiet: true }), (error: Error & { code?: string }) => {
        assert.match(
          error.message,
          new RegExp(`^Address already in use: port ${port} on 127\\.0\\.0\\.1 is taken`),
        );
        assert.match(error.message, /different port \(--port\)/);
        assert.equal(error.code, 'EADDRINUSE');
        return true;
      });
    } finally {
      taken.close();
    }
  });
});
