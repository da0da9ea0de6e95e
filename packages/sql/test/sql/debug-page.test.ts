import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { freePort } from '../../../../tools/free-port.ts';

const FLAGON = new URL('../../../flagon/bin/flagon.js', import.meta.url).pathname;
const APP = new URL('../support/debug-app.ts', import.meta.url).pathname;

describe('the debug page of flagon run --debug', () => {
  const folder = mkdtempSync(join(tmpdir(), 'flagon-sql-debug-'));
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('shows the failing SQL and its parameters, with the password hidden', async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [
        '--conditions=flagon-source',
        FLAGON,
        '--app',
        APP,
        'run',
        '--debug',
        '--no-reload',
        '--port',
        String(port),
      ],
      {
        env: {
          ...process.env,
          TEST_DATABASE_URL: `sqlite:///${join(folder, 'app.db')}`,
          TEST_PASSWORD: 'hunter2',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    try {
      let html = '';
      for (let attempt = 0; attempt < 200; attempt++) {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/`);
          html = await res.text();
          assert.equal(res.status, 500);
          break;
        } catch (error) {
          if (error instanceof assert.AssertionError) throw error;
          if (child.exitCode !== null) assert.fail(`flagon run exited: ${output}`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      assert.match(html, /IntegrityError/);
      assert.match(html, /UNIQUE constraint failed: account\.name/);
      assert.match(html, /SQL: insert into &#34;account&#34;|SQL: insert into &quot;account&quot;/);
      assert.match(html, /\[hidden\]/);
      assert.doesNotMatch(html, /hunter2/);
      assert.doesNotMatch(output, /hunter2/);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });
});
