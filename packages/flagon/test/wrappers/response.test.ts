import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Flagon, Response, redirect } from 'flagon';

describe('Response', () => {
  it('defaults to 200 text/html; charset=utf-8', () => {
    const res = new Response('x');
    assert.equal(res.status, 200);
    assert.equal(res.statusText, 'OK');
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
  });

  it('adds a charset to text mimetypes only', () => {
    assert.equal(new Response('', { mimetype: 'text/plain' }).contentType, 'text/plain; charset=utf-8');
    assert.equal(new Response('', { mimetype: 'image/png' }).contentType, 'image/png');
  });

  it('rejects a status outside 100-999', () => {
    assert.throws(() => new Response('', { status: 42 }), { name: 'StatusCodeError' });
  });

  it('sets cookies with attributes', () => {
    const res = new Response('');
    res.setCookie('theme', 'dark', { maxAge: 60, path: '/', httpOnly: true, sameSite: 'Lax' });
    const header = res.headers.get('set-cookie') ?? '';
    assert.match(header, /^theme=dark/);
    assert.match(header, /Max-Age=60/);
    assert.match(header, /HttpOnly/);
    assert.match(header, /SameSite=Lax/);
  });

  it('quotes a cookie value so it cannot inject attributes or headers', () => {
    const res = new Response('');
    res.setCookie('a', 'x\r\nSet-Cookie: admin=1; Path=/');
    const [header = ''] = res.headers.getAll('set-cookie');
    assert.doesNotMatch(header, /[\r\n]/);
    assert.equal(header.split(';').length, 2, 'only the cookie and its own Path attribute');
  });

  it('refuses a cookie name that is not a token', () => {
    const res = new Response('');
    assert.throws(() => res.setCookie('a;b', 'x'), /not a valid token/);
  });

  it('deletes a cookie by expiring it', () => {
    const res = new Response('');
    res.deleteCookie('session');
    const header = res.headers.get('set-cookie') ?? '';
    assert.match(header, /^session=/);
    assert.match(header, /Max-Age=0|Expires=Thu, 01 Jan 1970/);
  });

  it('refuses headers with CR or LF', () => {
    const res = new Response('');
    assert.throws(() => res.headers.set('X-A', 'a\r\nX-Evil: 1'), { name: 'HeaderValueError' });
  });

  it('refuses a mimetype with CR or LF, every time it is given', () => {
    for (let i = 0; i < 2; i++) {
      assert.throws(() => new Response('', { mimetype: 'text/plain\r\nX-Evil: 1' }), {
        name: 'HeaderValueError',
      });
    }
  });

  it('gives text mimetypes a charset and keeps other mimetypes as they are', () => {
    assert.equal(new Response('', { mimetype: 'text/csv' }).contentType, 'text/csv; charset=utf-8');
    assert.equal(new Response('', { mimetype: 'image/png' }).contentType, 'image/png');
    assert.equal(new Response('').contentType, 'text/html; charset=utf-8');
  });
});

describe('redirect', () => {
  it('answers 302 with a Location header and a link', async () => {
    const app = new Flagon('test');
    app.get('/', () => redirect('/login'));
    const res = await app.testClient().get('/');
    assert.equal(res.status, 302);
    assert.equal(res.location, '/login');
    assert.match(res.text, /href="\/login"/);
  });

  it('takes another status', () => {
    assert.equal(redirect('/x', 301).status, 301);
  });

  it('percent-encodes CR and LF in the location, as Werkzeug', () => {
    assert.equal(redirect('/x\r\nSet-Cookie: a=1').location, '/x%0D%0ASet-Cookie:%20a=1');
  });

  it('percent-encodes non-ASCII in the location', () => {
    assert.equal(redirect('/café').location, '/caf%C3%A9');
  });
});
