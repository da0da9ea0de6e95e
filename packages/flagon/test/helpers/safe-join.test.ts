import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { safeJoin } from '../../src/helpers/safe-join.ts';

describe('safeJoin', () => {
  it('joins a relative path under the directory', () => {
    assert.equal(safeJoin('/srv/static', 'css/site.css'), '/srv/static/css/site.css');
  });

  it('joins several parts in order', () => {
    assert.equal(safeJoin('/srv', 'a', 'b/c.txt'), '/srv/a/b/c.txt');
  });

  it('drops "." segments and repeated slashes', () => {
    assert.equal(safeJoin('/srv', './a//b/./c.txt'), '/srv/a/b/c.txt');
  });

  it('returns the directory itself for an empty part', () => {
    assert.equal(safeJoin('/srv', ''), '/srv');
  });

  it('keeps a relative base relative, with "." for an empty directory', () => {
    assert.equal(safeJoin('', 'a.txt'), 'a.txt');
    assert.equal(safeJoin('files', 'a.txt'), 'files/a.txt');
  });

  it('allows names that merely contain dots', () => {
    assert.equal(safeJoin('/srv', '...'), '/srv/...');
    assert.equal(safeJoin('/srv', 'a..b/.hidden'), '/srv/a..b/.hidden');
  });

  for (const unsafe of ['..', '../etc/passwd', 'a/../../b', 'a/../b', 'a/..']) {
    it(`refuses the ".." segment in ${JSON.stringify(unsafe)}`, () => {
      assert.equal(safeJoin('/srv', unsafe), null);
    });
  }

  for (const unsafe of [
    '%2e%2e/x',
    '%2E%2E',
    '.%2e/x',
    '%2e./x',
    'a/%2e%2e/b',
    '..%2fetc',
    'a%5c..%5cb',
    'a%00b',
    '%2fetc',
  ]) {
    it(`refuses ${JSON.stringify(unsafe)}, which turns unsafe when decoded once more`, () => {
      assert.equal(safeJoin('/srv', unsafe), null);
    });
  }

  it('refuses an absolute path', () => {
    assert.equal(safeJoin('/srv', '/etc/passwd'), null);
  });

  it('refuses backslashes, which Windows treats as separators', () => {
    assert.equal(safeJoin('/srv', '..\\secret'), null);
    assert.equal(safeJoin('/srv', 'a\\b.txt'), null);
  });

  it('refuses a Windows drive letter', () => {
    assert.equal(safeJoin('/srv', 'C:/Windows/win.ini'), null);
    assert.equal(safeJoin('/srv', 'c:secret'), null);
  });

  it('refuses NUL and other control characters', () => {
    assert.equal(safeJoin('/srv', 'a\0.txt'), null);
    assert.equal(safeJoin('/srv', 'a\n.txt'), null);
  });

  it('refuses an unsafe part even after safe ones', () => {
    assert.equal(safeJoin('/srv', 'a', '../b'), null);
  });
});
