import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contentDisposition, encodeRfc5987 } from '../../src/http/content-disposition.ts';
import { parseOptionsHeader } from '../../src/http/content-type.ts';
import { validateHeader } from '../../src/http/headers.ts';

describe('contentDisposition', () => {
  it('sends a token name unquoted, as Werkzeug', () => {
    assert.equal(contentDisposition('attachment', 'report.pdf'), 'attachment; filename=report.pdf');
  });

  it('gives just the type without a name', () => {
    assert.equal(contentDisposition('inline'), 'inline');
  });

  it('adds filename* and an ASCII fallback for other names', () => {
    assert.equal(
      contentDisposition('attachment', 'naïve café.txt'),
      `attachment; filename="naive cafe.txt"; filename*=UTF-8''na%C3%AFve%20caf%C3%A9.txt`,
    );
  });

  it('round-trips through parseOptionsHeader', () => {
    for (const name of ['€ rates.txt', 'a "quoted" \\ name', "it's (1) *.txt", '日本語.pdf']) {
      assert.equal(parseOptionsHeader(contentDisposition('attachment', name)).params.filename, name, name);
    }
  });

  it('escapes quotes and backslashes in the fallback', () => {
    assert.equal(contentDisposition('attachment', 'a"b\\c'), 'attachment; filename="a\\"b\\\\c"');
  });

  it('cannot inject headers through the file name', () => {
    const value = contentDisposition('attachment', 'evil\r\nSet-Cookie: x=1\0.txt');
    assert.doesNotMatch(value, /[\r\n\0]/);
    assert.doesNotThrow(() => validateHeader('Content-Disposition', value));
  });

  it('survives lone surrogates', () => {
    assert.match(contentDisposition('attachment', 'a\uD800b'), /filename\*=UTF-8''a%EF%BF%BDb/);
  });

  it('rejects a type that is not a token', () => {
    assert.throws(() => contentDisposition('attachment; x=y', 'a'), TypeError);
  });

  it('encodes the RFC 5987 specials', () => {
    assert.equal(encodeRfc5987("a'(b)*"), 'a%27%28b%29%2A');
  });
});
