import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fnmatchToRegExp, watchFiles } from '../../src/server/file-watcher.ts';
import { reloadFilter } from '../../src/server/reloader.ts';

describe('fnmatch patterns', () => {
  it('matches whole paths with *, ? and character sets, * crossing folders', () => {
    assert.ok(fnmatchToRegExp('*.spec.ts').test('/app/src/a.spec.ts'));
    assert.ok(fnmatchToRegExp('*/generated/*').test('/app/generated/x/y.ts'));
    assert.ok(fnmatchToRegExp('/app/v?.ts').test('/app/v1.ts'));
    assert.ok(fnmatchToRegExp('/app/[ab].ts').test('/app/a.ts'));
    assert.ok(!fnmatchToRegExp('/app/[!ab].ts').test('/app/a.ts'));
    assert.ok(!fnmatchToRegExp('*.spec.ts').test('/app/src/a.ts'));
    assert.ok(fnmatchToRegExp('/a+b/(c).ts').test('/a+b/(c).ts'));
  });
});

describe('which changes reload', () => {
  it('reloads on source files, and on templates only when debug mode does not auto-reload them', () => {
    const quiet = reloadFilter({ debug: false, excludePatterns: [], extraFiles: [] });
    const debug = reloadFilter({ debug: true, excludePatterns: [], extraFiles: [] });
    assert.ok(quiet('/app/views.ts') && debug('/app/views.ts'));
    assert.ok(quiet('/app/templates/page.html'));
    assert.ok(!debug('/app/templates/page.html'));
    assert.ok(!quiet('/app/notes.md') && !quiet('/app/.views.ts.swp'));
  });

  it('honours --exclude-patterns and --extra-files', () => {
    const filter = reloadFilter({
      debug: false,
      excludePatterns: ['*/generated/*'],
      extraFiles: ['/app/settings.toml'],
    });
    assert.ok(!filter('/app/generated/schema.ts'));
    assert.ok(filter('/app/settings.toml'));
  });
});

describe('watched folders', () => {
  it('skips the instance folder, where the app writes its own config and data', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flagon-watch-'));
    mkdirSync(join(root, 'instance'));
    mkdirSync(join(root, 'src'));
    const changed: string[] = [];
    let seen: () => void = () => {};
    const stop = watchFiles({
      roots: [root],
      include: () => true,
      debounce: 10,
      onChange: (path) => {
        changed.push(path);
        seen();
      },
    });
    try {
      const reported = new Promise<void>((resolve) => {
        seen = resolve;
      });
      writeFileSync(join(root, 'instance/config.json'), '{"SECRET_KEY": "x"}');
      // A source change after it: the first (and only) path reported must be the source file.
      await new Promise((resolve) => setTimeout(resolve, 100));
      writeFileSync(join(root, 'src/app.ts'), 'export {};');
      await reported;
      assert.deepEqual(changed, [join(root, 'src/app.ts')]);
    } finally {
      stop();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
