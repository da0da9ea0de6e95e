import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { safeNextUrl } from '../../src/index.ts';

describe('safeNextUrl', () => {
  it('accepts same-site relative paths with query and fragment', () => {
    for (const url of ['/', '/dashboard', '/posts/3?edit=1#top', '/a%20b', '/ünï'])
      assert.equal(safeNextUrl(url), url);
  });

  it('refuses open-redirect values', () => {
    for (const url of [
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      'https://evil.example/',
      'http:evil.example',
      'javascript:alert(1)',
      '/\t/evil.example',
      '/\n/evil.example',
      ' /x',
      '/%2F%2Fevil.example',
      '/%5Cevil.example',
      'evil.example',
      '',
      '/%E0%A4%A',
      `/${'a'.repeat(5000)}`,
    ]) {
      assert.equal(safeNextUrl(url), null, JSON.stringify(url));
    }
  });

  it('refuses non-text values', () => {
    assert.equal(safeNextUrl(undefined), null);
    assert.equal(safeNextUrl(['/x']), null);
  });

  it('returns the fallback for a refused value', () => {
    assert.equal(safeNextUrl('//evil', '/home'), '/home');
    assert.equal(safeNextUrl(null, '/home'), '/home');
  });
});
