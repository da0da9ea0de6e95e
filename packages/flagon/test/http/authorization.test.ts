import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basicAuthorizationHeader, parseAuthorization } from '../../src/http/authorization.ts';

describe('parseAuthorization Basic', () => {
  it('decodes username and password', () => {
    assert.deepEqual(parseAuthorization('Basic dXNlcjpwYXNz'), {
      type: 'basic',
      username: 'user',
      password: 'pass',
    });
  });

  it('accepts any case of the scheme', () => {
    assert.equal(parseAuthorization('bAsIc dXNlcjpwYXNz')?.type, 'basic');
  });

  it('keeps colons in the password', () => {
    assert.deepEqual(parseAuthorization(basicAuthorizationHeader('u', 'a:b:c')), {
      type: 'basic',
      username: 'u',
      password: 'a:b:c',
    });
  });

  it('decodes UTF-8 credentials', () => {
    assert.deepEqual(parseAuthorization(basicAuthorizationHeader('jürgen', 'pässwörd')), {
      type: 'basic',
      username: 'jürgen',
      password: 'pässwörd',
    });
  });

  it('falls back to Latin-1 for bytes that are not UTF-8', () => {
    assert.equal(
      (parseAuthorization(`Basic ${btoa('j\xfcrgen:x')}`) as { username: string }).username,
      'jürgen',
    );
  });

  it('returns null for invalid base64', () => {
    for (const bad of ['Basic !!!!', 'Basic dXNlcjpwYXNz=====', 'Basic a', 'Basic', 'Basic  ']) {
      assert.equal(parseAuthorization(bad), null, bad);
    }
  });

  it('returns null for credentials without a colon', () => {
    assert.equal(parseAuthorization(`Basic ${btoa('nocolon')}`), null);
  });
});

describe('parseAuthorization Bearer and others', () => {
  it('reads a bearer token', () => {
    assert.deepEqual(parseAuthorization('Bearer abc.DEF-123_~+/=='), {
      type: 'bearer',
      token: 'abc.DEF-123_~+/==',
    });
  });

  it('returns null for an empty or spaced bearer token', () => {
    assert.equal(parseAuthorization('Bearer'), null);
    assert.equal(parseAuthorization('Bearer a b'), null);
  });

  it('reads Digest-style parameters into a null-prototype object', () => {
    const auth = parseAuthorization('Digest username="Mufasa", realm="a, b", nonce=abc, QOP=auth');
    assert.ok(auth !== null && 'params' in auth);
    assert.equal(auth.type, 'digest');
    assert.deepEqual({ ...auth.params }, { username: 'Mufasa', realm: 'a, b', nonce: 'abc', qop: 'auth' });
    assert.equal(Object.getPrototypeOf(auth.params), null);
  });

  it('reads a token68 credential of another scheme', () => {
    const auth = parseAuthorization('Negotiate YIIabc==');
    assert.ok(auth !== null && 'params' in auth);
    assert.equal(auth.token, 'YIIabc==');
  });

  it('treats __proto__ parameters as plain keys', () => {
    const auth = parseAuthorization('Digest __proto__="x"');
    assert.ok(auth !== null && 'params' in auth);
    assert.equal(Object.getOwnPropertyDescriptor(auth.params, '__proto__')?.value, 'x');
  });

  it('returns null for missing or malformed headers', () => {
    for (const bad of [null, undefined, '', '   ', 'B@sic xyz', 'Digest ,,,']) {
      assert.equal(parseAuthorization(bad), null, String(bad));
    }
  });
  it("names a registered scheme in type, and reads any other as type 'other' with its scheme", () => {
    assert.equal(parseAuthorization('Negotiate abc==')?.type, 'negotiate');
    const custom = parseAuthorization('MyScheme abc123');
    assert.ok(custom !== null && custom.type === 'other');
    assert.equal(custom.scheme, 'myscheme');
    assert.equal(custom.token, 'abc123');
  });
});
