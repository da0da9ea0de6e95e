import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HTTP_STATUS_CODES, statusLine, statusPhrase } from '../../src/http/status.ts';

describe('status phrases', () => {
  it('uses Werkzeug phrases, so status lines match Flask', () => {
    assert.equal(statusPhrase(413), 'Request Entity Too Large');
    assert.equal(statusPhrase(418), "I'm a teapot");
  });

  it('includes codes only Node knows', () => {
    assert.equal(statusPhrase(509), 'Bandwidth Limit Exceeded');
  });

  it("says 'Unknown' for codes not in the table", () => {
    assert.equal(statusPhrase(599), 'Unknown');
  });

  it('builds a status line', () => {
    assert.equal(statusLine(404), '404 Not Found');
  });

  it('covers every common status', () => {
    for (const code of [100, 200, 201, 204, 301, 302, 304, 307, 308, 400, 401, 403, 404, 500, 503]) {
      assert.ok(HTTP_STATUS_CODES.has(code), String(code));
    }
  });
});
