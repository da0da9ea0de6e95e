import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CookieError, parseCookieHeader, quoteCookieValue, serializeCookie } from '../../src/http/cookies.ts';

describe('parseCookieHeader', () => {
  it('parses name=value pairs', () => {
    assert.deepEqual(
      [...parseCookieHeader('a=1; b=two')],
      [
        ['a', '1'],
        ['b', 'two'],
      ],
    );
  });

  it('returns an empty map for a missing header', () => {
    assert.equal(parseCookieHeader(null).size, 0);
    assert.equal(parseCookieHeader('').size, 0);
  });

  it('keeps the first of a repeated name', () => {
    assert.equal(parseCookieHeader('a=1; a=2').get('a'), '1');
  });

  it('trims whitespace around names and values', () => {
    assert.equal(parseCookieHeader('  d =  spaced  ;x=1').get('d'), 'spaced');
  });

  it('gives an empty value to a name without =', () => {
    assert.equal(parseCookieHeader('flag; a=1').get('flag'), '');
  });

  it('skips pairs with an empty name', () => {
    assert.deepEqual([...parseCookieHeader(';=x; ; a=1')], [['a', '1']]);
  });

  it('unquotes quoted values with escapes, including a ; inside the quotes', () => {
    assert.equal(parseCookieHeader('b="x\\073y\\"z;w"; c=1').get('b'), 'x;y"z;w');
  });

  it('keeps an unterminated quote as written', () => {
    assert.equal(parseCookieHeader('e="unterminated').get('e'), '"unterminated');
  });

  it('decodes octal-escaped UTF-8 bytes', () => {
    assert.equal(parseCookieHeader('x="\\303\\251"').get('x'), 'é');
  });

  it('decodes raw UTF-8 bytes from a latin-1 header string', () => {
    assert.equal(parseCookieHeader('x=\xc3\xa9').get('x'), 'é');
  });

  it('does not decode percent escapes (as Werkzeug)', () => {
    assert.equal(parseCookieHeader('x=a%20b').get('x'), 'a%20b');
  });

  it('treats __proto__ as an ordinary name', () => {
    const cookies = parseCookieHeader('__proto__=x; constructor=y');
    assert.equal(cookies.get('__proto__'), 'x');
    assert.equal(cookies.get('constructor'), 'y');
  });
});

describe('serializeCookie', () => {
  it('writes a plain cookie with the default path', () => {
    assert.equal(serializeCookie('session', 'abc', { httpOnly: true }), 'session=abc; HttpOnly; Path=/');
  });

  it('leaves the path out when it is null', () => {
    assert.equal(serializeCookie('a', 'b', { path: null }), 'a=b');
  });

  it("writes attributes in Werkzeug's order", () => {
    const header = serializeCookie('a', 'b', {
      domain: '.example.com',
      expires: 0,
      maxAge: 60,
      secure: true,
      httpOnly: true,
      sameSite: 'Lax',
      partitioned: true,
    });
    assert.equal(
      header,
      'a=b; Domain=.example.com; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60; Secure; HttpOnly; Path=/; ' +
        'SameSite=Lax; Partitioned',
    );
  });

  it('adds Expires when only maxAge is given', () => {
    assert.match(
      serializeCookie('a', 'b', { maxAge: 0 }),
      /^a=b; Expires=[A-Z][a-z]{2}, .* GMT; Max-Age=0; Path=\/$/,
    );
  });

  it('normalises the case of SameSite', () => {
    assert.match(serializeCookie('a', 'b', { sameSite: 'strict' as 'Strict' }), /SameSite=Strict/);
  });

  it('converts an international domain to punycode', () => {
    assert.match(serializeCookie('a', 'b', { domain: 'bücher.example' }), /Domain=xn--bcher-kva\.example/);
  });

  it('percent-encodes non-ASCII characters in the path', () => {
    assert.match(serializeCookie('a', 'b', { path: '/café' }), /Path=\/caf%C3%A9/);
  });
});

describe('serializeCookie quoting (cookie injection guard)', () => {
  it("quotes values like Werkzeug's dump_cookie", () => {
    assert.equal(
      quoteCookieValue('hello world;x\r\n"q\\é,'),
      '"hello world\\073x\\015\\012\\"q\\\\\\303\\251\\054"',
    );
  });

  it('cannot end the value or start a header with ; CR LF or NUL', () => {
    const header = serializeCookie('a', 'x; Domain=evil.com\r\nSet-Cookie: b=1\0');
    assert.doesNotMatch(header, /[;\r\n\0] ?Domain|[\r\n\0]/);
    assert.equal(header.split('; ').length, 2);
  });

  it('round-trips any value through parseCookieHeader', () => {
    for (const value of [
      'plain',
      'with space',
      'semi;colon',
      'quote"and\\slash',
      'ünïcødé €',
      '\r\n\0\x7f',
      '',
    ]) {
      const header = serializeCookie('k', value, { path: null });
      assert.equal(parseCookieHeader(header).get('k'), value, JSON.stringify(value));
    }
  });
});

describe('serializeCookie validation', () => {
  it('rejects names that are not tokens', () => {
    for (const name of ['', 'a b', 'a=b', 'a;b', 'a\r\nb', 'ä']) {
      assert.throws(() => serializeCookie(name, 'v'), CookieError, JSON.stringify(name));
    }
  });

  it('rejects a path with ; or control characters', () => {
    assert.throws(() => serializeCookie('a', 'b', { path: '/; Domain=evil.com' }), CookieError);
    assert.throws(() => serializeCookie('a', 'b', { path: '/\r\nX: y' }), /control character/);
  });

  it('rejects a domain that is not a host name', () => {
    for (const domain of ['evil.com; Secure', 'a b.com', 'http://x.com', 'x.com:80', 'x.com\r\n', '']) {
      assert.throws(() => serializeCookie('a', 'b', { domain }), CookieError, JSON.stringify(domain));
    }
  });

  it('rejects an unknown SameSite value', () => {
    assert.throws(() => serializeCookie('a', 'b', { sameSite: 'Sometimes' as 'Lax' }), /SameSite must be/);
  });

  it('rejects SameSite=None without Secure, which browsers drop', () => {
    assert.throws(() => serializeCookie('a', 'b', { sameSite: 'None' }), /SameSite=None without Secure/);
    assert.match(serializeCookie('a', 'b', { sameSite: 'None', secure: true }), /SameSite=None/);
  });

  it('rejects Partitioned without Secure', () => {
    assert.throws(() => serializeCookie('a', 'b', { partitioned: true }), CookieError);
  });

  it('enforces the __Secure- and __Host- prefixes', () => {
    assert.throws(() => serializeCookie('__Secure-id', 'b'), /__Secure-/);
    assert.throws(() => serializeCookie('__Host-id', 'b', { secure: true, domain: 'x.com' }), /__Host-/);
    assert.equal(serializeCookie('__Host-id', 'b', { secure: true }), '__Host-id=b; Secure; Path=/');
  });

  it('rejects a non-finite maxAge and an invalid expires date', () => {
    assert.throws(() => serializeCookie('a', 'b', { maxAge: Number.NaN }), CookieError);
    assert.throws(() => serializeCookie('a', 'b', { expires: new Date('nope') }), CookieError);
  });
});
