import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BIN, cleanEnv } from './helpers/cli.ts';

const EXAMPLES = fileURLToPath(new URL('../../../../examples/', import.meta.url));

describe('flagon in the examples of a checkout', () => {
  for (const example of readdirSync(EXAMPLES)) {
    it(`lists the routes of examples/${example} without a build or --conditions (as npx flagon routes)`, () => {
      // No --conditions=flagon-source here: the bin adds it itself when it runs from a checkout, so the app's
      // `import 'flagon'` gets the sources too, whether or not packages/flagon/dist exists.
      const result = spawnSync(process.execPath, [BIN, 'routes'], {
        cwd: join(EXAMPLES, example),
        env: cleanEnv(),
        encoding: 'utf8',
      });
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, /^Endpoint\s+Methods\s+Rule/);
      assert.match(result.stdout, /\bstatic\s+GET\s+\/static\/<path:filename>/);
    });
  }

  it("calls the blog's createApp(testConfig?) factory without arguments, as Flask calls create_app()", () => {
    const result = spawnSync(process.execPath, [BIN, 'routes'], {
      cwd: join(EXAMPLES, 'blog'),
      env: cleanEnv(),
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /blog\.update\s+GET, POST\s+\/<int:id>\/update/);
  });
});
