import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatHttpDate, parseHttpDate } from '../../src/http/dates.ts';

const NOV_6 = Date.UTC(1994, 10, 6, 8, 49, 37);

describe('formatHttpDate', () => {
  it('formats an IMF-fixdate', () => {
    assert.equal(formatHttpDate(new Date(NOV_6)), 'Sun, 06 Nov 1994 08:49:37 GMT');
  });

  it('takes a millisecond timestamp', () => {
    assert.equal(formatHttpDate(0), 'Thu, 01 Jan 1970 00:00:00 GMT');
  });

  it('throws RangeError for an invalid date', () => {
    assert.throws(() => formatHttpDate(new Date(Number.NaN)), RangeError);
  });
});

describe('parseHttpDate', () => {
  it('parses IMF-fixdate', () => {
    assert.equal(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')?.getTime(), NOV_6);
  });

  it('parses the obsolete RFC 850 format', () => {
    assert.equal(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')?.getTime(), NOV_6);
  });

  it('parses the asctime format', () => {
    assert.equal(parseHttpDate('Sun Nov  6 08:49:37 1994')?.getTime(), NOV_6);
  });

  it('applies a numeric zone offset', () => {
    assert.equal(parseHttpDate('Sun, 06 Nov 1994 09:49:37 +0100')?.getTime(), NOV_6);
  });

  it('round-trips formatHttpDate', () => {
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    assert.equal(parseHttpDate(formatHttpDate(now))?.getTime(), now.getTime());
  });

  it('returns null for missing or malformed input', () => {
    for (const bad of [
      null,
      undefined,
      '',
      'yesterday',
      '2024-01-01',
      'Sun, 06 Nov 1994',
      '1994 Nov 06 08:49:37',
    ]) {
      assert.equal(parseHttpDate(bad), null, String(bad));
    }
  });

  it('returns null for impossible dates and times', () => {
    assert.equal(parseHttpDate('Mon, 31 Feb 2000 00:00:00 GMT'), null);
    assert.equal(parseHttpDate('Mon, 01 Jan 2000 25:00:00 GMT'), null);
    assert.equal(parseHttpDate('Mon, 00 Jan 2000 00:00:00 GMT'), null);
  });

  it('returns null for very long input without scanning it', () => {
    assert.equal(parseHttpDate(`Sun, 06 Nov 1994 08:49:37 GMT${' '.repeat(100_000)}x`), null);
  });
});
