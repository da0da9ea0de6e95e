import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { Response } from 'flagon';
import { fallbackResponse, prepareResponse } from '../../src/adapters/wire-policy.ts';

describe('prepareResponse', () => {
  it('sends no body and no Content-Length with an informational status', () => {
    const wire = prepareResponse(new Response('early', { status: 103 }), { method: 'GET' });
    assert.equal(wire.body, null);
    assert.equal(wire.headers.includes('Content-Length'), false);
  });

  it('says Connection: close when the request body was left unread', () => {
    const wire = prepareResponse(new Response('too large', { status: 413 }), {
      method: 'POST',
      closeConnection: true,
    });
    assert.deepEqual(wire.headers.slice(-2), ['Connection', 'close']);
  });

  it('hands back a streamed body that HEAD does not send, for the bridge to destroy', () => {
    const stream = Readable.from(['a', 'b']);
    const wire = prepareResponse(new Response(stream), { method: 'HEAD' });
    assert.equal(wire.body, null);
    assert.equal(wire.unsent, stream);
  });

  it('keeps a Content-Length the app set itself', () => {
    const wire = prepareResponse(new Response('abc', { headers: { 'Content-Length': '3' } }), {
      method: 'GET',
    });
    assert.equal(wire.headers.filter((name) => name.toLowerCase() === 'content-length').length, 1);
  });
});

describe('fallbackResponse', () => {
  it('is a 500 page with its length, and no body for HEAD', () => {
    const get = fallbackResponse({ method: 'GET' });
    const head = fallbackResponse({ method: 'HEAD' });
    assert.equal(get.status, 500);
    assert.equal(
      get.headers[get.headers.indexOf('Content-Length') + 1],
      String(Buffer.byteLength(get.body as string)),
    );
    assert.deepEqual(head.headers, get.headers);
    assert.equal(head.body, null);
  });
});
