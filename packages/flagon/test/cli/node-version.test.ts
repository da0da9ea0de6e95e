import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BIN, cleanEnv } from './helpers/cli.ts';

const CREATE_BIN = fileURLToPath(new URL('../../../create-flagon/bin/create-flagon.js', import.meta.url));

/** A Node.js older than 24 on this machine (the one `which -a node` finds first), or null. */
function oldNode(): string | null {
  for (const candidate of ['/usr/bin/node', '/usr/local/bin/node', '/bin/node']) {
    if (!existsSync(candidate)) continue;
    const version = spawnSync(candidate, ['--version'], { encoding: 'utf8' }).stdout.trim();
    const major = Number(version.replace(/^v/, '').split('.')[0]);
    if (major > 0 && major < 24) return candidate;
  }
  return null;
}

describe('on a Node.js older than 24', () => {
  const node = oldNode();
  for (const [name, bin] of [
    ['flagon', BIN],
    ['create-flagon', CREATE_BIN],
  ] as const) {
    it(`${name} says which Node it needs and exits with status 1`, (t) => {
      if (node === null) return t.skip('no Node.js older than 24 on this machine');
      const result = spawnSync(node, [bin, '--help'], { env: cleanEnv(), encoding: 'utf8' });
      assert.equal(result.status, 1);
      const version = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' });
      assert.match(
        result.stderr,
        new RegExp(
          `^Flagon needs Node\\.js 24\\.2 or newer \\(this is ${version.stdout.trim().replaceAll('.', '\\.')}\\)\\.`,
        ),
      );
      assert.equal(result.stdout, '');
    });
  }
});
