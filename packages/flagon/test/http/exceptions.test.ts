import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  abort,
  BadRequest,
  BadRequestKeyError,
  exceptionsByCode,
  HTTPException,
  InternalServerError,
  MethodNotAllowed,
  NoSuchStatusError,
  NotFound,
  RequestedRangeNotSatisfiable,
  RequestRedirect,
  ServiceUnavailable,
  TooManyRequests,
  Unauthorized,
} from '../../src/http/exceptions.ts';

describe('HTTPException basics', () => {
  it('takes code and description from the subclass', () => {
    const e = new NotFound();
    assert.equal(e.code, 404);
    assert.match(e.description, /not found on the server/);
    assert.equal(e.message, e.description);
  });

  it('lets the constructor replace the description', () => {
    const e = new NotFound('No such post.');
    assert.equal(e.description, 'No such post.');
    assert.equal(NotFound.description.includes('No such post'), false);
  });

  it('is named after the status phrase', () => {
    assert.equal(new NotFound().name, 'Not Found');
    assert.equal(new HTTPException().name, 'Unknown Error');
  });

  it('formats like Werkzeug when turned into a string', () => {
    assert.equal(String(new BadRequest('oops')), '400 Bad Request: oops');
  });

  it('is an Error and keeps its cause', () => {
    const cause = new Error('root');
    const e = new BadRequest('x', { cause });
    assert.ok(e instanceof Error);
    assert.equal(e.cause, cause);
  });

  it('supports user subclasses with static code and description', () => {
    class PaymentRequired extends HTTPException {
      static override readonly code = 402;
      static override readonly description = 'Pay first.';
    }
    const e = new PaymentRequired();
    assert.equal(e.code, 402);
    assert.equal(e.name, 'Payment Required');
    assert.equal(e.description, 'Pay first.');
  });
});

describe('HTTPException page', () => {
  it('renders the Werkzeug error page', () => {
    assert.equal(
      new NotFound('Gone fishing.').getBody(),
      '<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>Gone fishing.</p>\n',
    );
  });

  it('escapes HTML in the description', () => {
    const body = new BadRequest('<script>alert("x")</script>').getBody();
    assert.doesNotMatch(body, /<script>/);
    assert.match(body, /&lt;script&gt;alert\(&#34;x&#34;\)&lt;\/script&gt;/);
  });

  it('turns line breaks into <br>', () => {
    assert.equal(new BadRequest('a\nb').getDescription(), '<p>a<br>b</p>');
  });

  it('sends HTML with a UTF-8 charset', () => {
    assert.deepEqual(new NotFound().getHeaders(), [['Content-Type', 'text/html; charset=utf-8']]);
  });

  it('keeps a given response', () => {
    const response = { status: 418 };
    assert.equal(new HTTPException(undefined, { response }).response, response);
  });
});

describe('HTTPException subclasses with headers', () => {
  it('MethodNotAllowed sends Allow', () => {
    const e = new MethodNotAllowed(undefined, { validMethods: ['GET', 'HEAD'] });
    assert.deepEqual(e.getHeaders().at(-1), ['Allow', 'GET, HEAD']);
  });

  it('MethodNotAllowed without methods sends no Allow', () => {
    assert.equal(new MethodNotAllowed().getHeaders().length, 1);
  });

  it('Unauthorized sends one WWW-Authenticate header per challenge', () => {
    const e = new Unauthorized(undefined, { wwwAuthenticate: ['Basic realm="a"', 'Bearer'] });
    assert.deepEqual(e.getHeaders().slice(1), [
      ['WWW-Authenticate', 'Basic realm="a"'],
      ['WWW-Authenticate', 'Bearer'],
    ]);
  });

  it('RequestedRangeNotSatisfiable sends Content-Range with the length', () => {
    const e = new RequestedRangeNotSatisfiable(undefined, { length: 1234 });
    assert.deepEqual(e.getHeaders().at(-1), ['Content-Range', 'bytes */1234']);
  });

  it('TooManyRequests sends Retry-After in seconds', () => {
    assert.deepEqual(new TooManyRequests(undefined, { retryAfter: 30 }).getHeaders().at(-1), [
      'Retry-After',
      '30',
    ]);
  });

  it('ServiceUnavailable sends Retry-After as an HTTP date', () => {
    const e = new ServiceUnavailable(undefined, { retryAfter: new Date(Date.UTC(2030, 0, 2, 3, 4, 5)) });
    assert.deepEqual(e.getHeaders().at(-1), ['Retry-After', 'Wed, 02 Jan 2030 03:04:05 GMT']);
  });

  it('InternalServerError keeps the original exception as its cause', () => {
    const original = new TypeError('boom');
    const e = new InternalServerError(undefined, { originalException: original });
    assert.equal(e.originalException, original);
    assert.equal(e.cause, original);
  });

  it('RequestRedirect is a 308 with Location and a link page', () => {
    const e = new RequestRedirect('http://x/a?b="c"');
    assert.equal(e.code, 308);
    assert.deepEqual(e.getHeaders().at(-1), ['Location', 'http://x/a?b="c"']);
    assert.match(e.getBody(), /<a href="http:\/\/x\/a\?b=&#34;c&#34;">/);
  });

  it('BadRequestKeyError names the key in the message but not on the page', () => {
    const e = new BadRequestKeyError('email');
    assert.ok(e instanceof BadRequest);
    assert.equal(e.key, 'email');
    assert.match(e.message, /"email"/);
    assert.doesNotMatch(e.getBody(), /email/);
  });
});

describe('exceptionsByCode', () => {
  it('maps every default code to its class', () => {
    assert.equal(exceptionsByCode.get(404), NotFound);
    assert.equal(exceptionsByCode.get(405), MethodNotAllowed);
    for (const [code, cls] of exceptionsByCode) assert.equal(cls.code, code);
  });

  it('covers the 4xx and 5xx codes Werkzeug has', () => {
    const expected = [
      400, 401, 403, 404, 405, 406, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 422, 423, 424, 428,
      429, 431, 451, 500, 501, 502, 503, 504, 505,
    ];
    assert.deepEqual(
      [...exceptionsByCode.keys()].sort((a, b) => a - b),
      expected,
    );
  });

  it('leaves out BadRequestKeyError and RequestRedirect', () => {
    assert.equal(exceptionsByCode.get(400), BadRequest);
    assert.equal(exceptionsByCode.has(308), false);
  });
});

describe('abort', () => {
  it('throws the exception for the code', () => {
    assert.throws(() => abort(404), NotFound);
  });

  it('passes the description on', () => {
    assert.throws(
      () => abort(403, 'Admins only.'),
      (e: unknown) => e instanceof HTTPException && e.code === 403 && e.description === 'Admins only.',
    );
  });

  it('throws NoSuchStatusError for a code without a class', () => {
    assert.throws(() => abort(200), NoSuchStatusError);
    assert.throws(() => abort(299), /abort\(299\)/);
  });

  it('wraps a response in an HTTPException', () => {
    const response = { status: 402 };
    assert.throws(
      () => abort(response),
      (e: unknown) => e instanceof HTTPException && e.response === response,
    );
  });
});
