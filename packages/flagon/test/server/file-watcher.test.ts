import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fnmatchToRegExp } from '../../src/server/file-watcher.ts';
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
