import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decodeExtendedValue,
  formatOptionsHeader,
  isTextMimetype,
  parseMimetype,
  parseOptionsHeader,
} from '../../src/http/content-type.ts';

describe('parseOptionsHeader', () => {
  it('splits the value from lowercased parameter names', () => {
    const { value, params } = parseOptionsHeader('text/HTML; Charset="utf-8"');
    assert.equal(value, 'text/HTML');
    assert.deepEqual({ ...params }, { charset: 'utf-8' });
  });

  it('returns a null-prototype params object', () => {
    assert.equal(Object.getPrototypeOf(parseOptionsHeader('a; b=c').params), null);
  });

  it('keeps ; and escaped quotes inside quoted strings', () => {
    const { params } = parseOptionsHeader('attachment; filename="a;b \\"c\\".txt"; size=3');
    assert.equal(params.filename, 'a;b "c".txt');
    assert.equal(params.size, '3');
  });

  it('decodes RFC 2231 extended values', () => {
    const { params } = parseOptionsHeader("form-data; name=f; filename*=UTF-8''%e2%82%ac%20rates.txt");
    assert.equal(params.filename, '€ rates.txt');
  });

  it('prefers the extended value over the plain one, in either order', () => {
    const a = parseOptionsHeader("x; filename*=UTF-8''%C3%A9.txt; filename=e.txt");
    const b = parseOptionsHeader("x; filename=e.txt; filename*=UTF-8''%C3%A9.txt");
    assert.equal(a.params.filename, 'é.txt');
    assert.equal(b.params.filename, 'é.txt');
  });

  it('joins RFC 2231 continuations', () => {
    const { params } = parseOptionsHeader(
      'x; title*0*=us-ascii\'en\'This%20is; title*1*=%20long; title*2=" too"',
    );
    assert.equal(params.title, 'This is long too');
  });

  it('decodes extended values in other charsets', () => {
    assert.equal(decodeExtendedValue("iso-8859-1'en'%A3%20rates"), '£ rates');
  });

  it('falls back to UTF-8 for an unknown charset label', () => {
    assert.equal(decodeExtendedValue("bogus-charset''%C3%A9"), 'é');
  });

  it('maps a parameter without = to an empty string', () => {
    assert.equal(parseOptionsHeader('a; flag').params.flag, '');
  });

  it('returns an empty value for a missing header', () => {
    assert.deepEqual(parseOptionsHeader(null).value, '');
    assert.deepEqual(parseOptionsHeader('').value, '');
  });
});

describe('parseOptionsHeader with hostile input', () => {
  it('treats __proto__ as an ordinary parameter', () => {
    const { params } = parseOptionsHeader('a; __proto__=x; constructor=y');
    assert.equal(Object.getOwnPropertyDescriptor(params, '__proto__')?.value, 'x');
    assert.equal(params.constructor, 'y');
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });

  it('keeps malformed percent escapes in extended values', () => {
    assert.equal(parseOptionsHeader("a; f*=UTF-8''%zz%4").params.f, '%zz%4');
  });

  it('skips an extended value without the charset quote marks', () => {
    assert.equal(parseOptionsHeader('a; f*=plain').params.f, undefined);
  });

  it('runs an unterminated quoted string to the end of the header', () => {
    assert.equal(parseOptionsHeader('a; f="abc').params.f, 'abc');
  });

  it('skips empty parameters and stray semicolons', () => {
    assert.deepEqual({ ...parseOptionsHeader('text/plain;;;charset=x;').params }, { charset: 'x' });
  });

  it('keeps the first of a repeated parameter', () => {
    assert.equal(parseOptionsHeader('multipart/form-data; boundary=a; boundary=b').params.boundary, 'a');
  });
});

describe('content type helpers', () => {
  it('parseMimetype lowercases and drops parameters', () => {
    assert.equal(parseMimetype('Text/HTML; charset=x'), 'text/html');
  });

  it('formatOptionsHeader quotes values that are not tokens', () => {
    assert.equal(formatOptionsHeader('text/html', { charset: 'utf-8' }), 'text/html; charset=utf-8');
    assert.equal(
      formatOptionsHeader('x', { a: 'b c', d: 'q"\\', e: null, f: '' }),
      'x; a="b c"; d="q\\"\\\\"; f',
    );
  });

  it('isTextMimetype knows which types take a charset', () => {
    assert.equal(isTextMimetype('text/csv'), true);
    assert.equal(isTextMimetype('application/javascript'), true);
    assert.equal(isTextMimetype('application/atom+xml'), true);
    assert.equal(isTextMimetype('application/json'), false);
    assert.equal(isTextMimetype('image/png'), false);
  });
});
