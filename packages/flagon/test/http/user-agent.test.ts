import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UserAgent } from '../../src/http/user-agent.ts';

const CHROME_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const EDGE_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51';

describe('UserAgent', () => {
  it('keeps the header string', () => {
    assert.equal(new UserAgent('curl/8.0').string, 'curl/8.0');
    assert.equal(String(new UserAgent('curl/8.0')), 'curl/8.0');
  });

  it('guesses common browsers and platforms', () => {
    const cases: [string, string, string, string][] = [
      [CHROME_MAC, 'macos', 'chrome', '124.0.0.0'],
      [FIREFOX_LINUX, 'linux', 'firefox', '125.0'],
      [SAFARI_IPHONE, 'iphone', 'safari', '17.4'],
      [EDGE_WINDOWS, 'windows', 'edge', '124.0.2478.51'],
    ];
    for (const [header, platform, browser, version] of cases) {
      const ua = new UserAgent(header);
      assert.deepEqual([ua.platform, ua.browser, ua.version], [platform, browser, version], header);
    }
  });

  it('recognises command-line clients', () => {
    const ua = new UserAgent('curl/8.4.0');
    assert.deepEqual([ua.browser, ua.version], ['curl', '8.4.0']);
  });

  it('gives nulls for an absent or unknown header', () => {
    for (const header of [null, '', 'something/odd']) {
      const ua = new UserAgent(header);
      assert.deepEqual([ua.platform, ua.browser, ua.version], [null, null, null]);
    }
  });

  it('does not scan an absurdly long header', () => {
    const ua = new UserAgent(`Firefox/1.0 ${'x'.repeat(100_000)}`);
    assert.equal(ua.browser, null);
    assert.equal(ua.string.length, 100_012);
  });
});
