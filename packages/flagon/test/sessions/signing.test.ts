import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BadData,
  BadPayload,
  BadSignature,
  BadTimeSignature,
  SignatureExpired,
} from '../../src/sessions/errors.ts';
import { URLSafeSerializer, URLSafeTimedSerializer } from '../../src/sessions/serializer.ts';
import { NoneAlgorithm, Signer, TimestampSigner } from '../../src/sessions/signing.ts';

/** The error `fn` throws; fails the test when it returns. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.fail('expected an error');
}

/** A clock the test moves by hand, in milliseconds. */
function clock(start = Date.UTC(2024, 0, 1)) {
  const state = { time: start };
  return { now: () => state.time, advance: (seconds: number) => (state.time += seconds * 1000) };
}

describe('Signer', () => {
  it('signs a value and unsigns it back', () => {
    const signer = new Signer('secret');
    const signed = signer.sign('hello');
    assert.match(signed, /^hello\.[A-Za-z0-9_-]+$/);
    assert.equal(signer.unsign(signed), 'hello');
  });

  it('produces the same signature as itsdangerous for a known input', () => {
    // From itsdangerous: Signer('secret-key').sign('my string')
    assert.equal(new Signer('secret-key').sign('my string'), 'my string.wh6tMHxLgJqB6oY1uT73iMlyrOA');
  });

  it('rejects a value whose content was changed', () => {
    const signed = new Signer('secret').sign('hello');
    assert.throws(() => new Signer('secret').unsign(`j${signed.slice(1)}`), BadSignature);
  });

  it('rejects a value whose signature was changed', () => {
    const [value, signature] = new Signer('secret').sign('hello').split('.') as [string, string];
    // The first character: the last one carries padding bits that base64 decoding ignores.
    const forged = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    assert.throws(() => new Signer('secret').unsign(`${value}.${forged}`), BadSignature);
  });

  it('rejects a value signed with another key', () => {
    const signed = new Signer('one key').sign('hello');
    assert.throws(() => new Signer('another key').unsign(signed), { name: 'BadSignature' });
  });

  it('rejects a value signed with another salt', () => {
    const signed = new Signer('secret', { salt: 'activate' }).sign('hello');
    assert.throws(() => new Signer('secret', { salt: 'reset' }).unsign(signed), BadSignature);
  });

  it('rejects a value without a separator, saying so', () => {
    assert.throws(() => new Signer('secret').unsign('nodot'), /No "\." found/);
  });

  it('keeps the unverified payload on the error', () => {
    const error = thrown(() => new Signer('secret').unsign('value.badsig'));
    assert.ok(error instanceof BadSignature);
    assert.equal(Buffer.from(error.payload!).toString(), 'value');
  });

  it('signs with the newest key and verifies with any key in the list', () => {
    const old = new Signer('old').sign('v');
    const rotated = new Signer(['old', 'new']);
    assert.equal(rotated.unsign(old), 'v');
    assert.equal(new Signer('new').unsign(rotated.sign('v')), 'v');
    assert.throws(() => new Signer('old').unsign(rotated.sign('v')), BadSignature);
  });

  it('validate() answers instead of throwing', () => {
    const signer = new Signer('secret');
    assert.equal(signer.validate(signer.sign('x')), true);
    assert.equal(signer.validate('x.nope'), false);
  });

  it('uses the last separator, so values may contain it', () => {
    const signer = new Signer('secret');
    assert.equal(signer.unsign(signer.sign('a.b.c')), 'a.b.c');
  });

  it('supports every key derivation and other digests', () => {
    for (const keyDerivation of ['concat', 'django-concat', 'hmac', 'none'] as const) {
      const signer = new Signer('secret', { keyDerivation, digestMethod: 'sha256' });
      assert.equal(signer.unsign(signer.sign('x')), 'x', keyDerivation);
    }
  });

  it('signs and verifies bytes keys and values', () => {
    const signer = new Signer(Buffer.from([1, 2, 3]));
    assert.deepEqual(Buffer.from(signer.unsignBytes(signer.sign(Buffer.from('hé')))), Buffer.from('hé'));
  });

  it('refuses a separator that base64 signatures may contain', () => {
    assert.throws(() => new Signer('secret', { sep: '-' }), /cannot be used/);
  });

  it('refuses an unknown digest with a clear error', () => {
    assert.throws(() => new Signer('secret', { digestMethod: 'sha999' }), /Unknown digest method "sha999"/);
  });

  it('refuses an empty key list', () => {
    assert.throws(() => new Signer([]), /at least one secret key/);
  });

  it('accepts a custom algorithm', () => {
    const signer = new Signer('secret', { algorithm: new NoneAlgorithm() });
    assert.equal(signer.sign('x'), 'x.');
    assert.equal(signer.unsign('x.'), 'x');
  });
});

describe('TimestampSigner', () => {
  it('signs with the time and unsigns within maxAge', () => {
    const time = clock();
    const signer = new TimestampSigner('secret', { now: time.now });
    const signed = signer.sign('hello');
    time.advance(10);
    assert.equal(signer.unsign(signed, { maxAge: 10 }), 'hello');
  });

  it('returns the signing time when asked', () => {
    const time = clock(Date.UTC(2024, 0, 1, 12, 0, 0, 999));
    const signer = new TimestampSigner('secret', { now: time.now });
    const [value, signedAt] = signer.unsign(signer.sign('v'), { returnTimestamp: true });
    assert.equal(value, 'v');
    assert.deepEqual(signedAt, new Date(Date.UTC(2024, 0, 1, 12, 0, 0)));
  });

  it('throws SignatureExpired with the signing date once maxAge has passed', () => {
    const time = clock();
    const signer = new TimestampSigner('secret', { now: time.now });
    const signed = signer.sign('hello');
    time.advance(11);
    const error = thrown(() => signer.unsign(signed, { maxAge: 10 }));
    assert.ok(error instanceof SignatureExpired);
    assert.equal(error.name, 'SignatureExpired');
    assert.deepEqual(error.dateSigned, new Date(Date.UTC(2024, 0, 1)));
    assert.match(error.message, /11 seconds old, more than the 10 allowed/);
  });

  it('treats a signature from the future as expired', () => {
    const time = clock();
    const signed = new TimestampSigner('secret', { now: time.now }).sign('v');
    time.advance(-5);
    assert.throws(
      () => new TimestampSigner('secret', { now: time.now }).unsign(signed, { maxAge: 60 }),
      /future/,
    );
  });

  it('ignores age without maxAge', () => {
    const time = clock();
    const signer = new TimestampSigner('secret', { now: time.now });
    const signed = signer.sign('v');
    time.advance(10 ** 8);
    assert.equal(signer.unsign(signed), 'v');
  });

  it('throws BadTimeSignature for a tampered value', () => {
    const signer = new TimestampSigner('secret');
    const signed = signer.sign('hello');
    assert.throws(() => signer.unsign(`j${signed.slice(1)}`), BadTimeSignature);
  });

  it('throws BadTimeSignature when a plain signature has no timestamp', () => {
    const plain = new Signer('secret').sign('hello');
    assert.throws(() => new TimestampSigner('secret').unsign(plain), /timestamp is missing/);
  });

  it('throws BadTimeSignature for a malformed timestamp', () => {
    const signed = new Signer('secret').sign('hello.!!!');
    assert.throws(() => new TimestampSigner('secret').unsign(signed), /malformed/);
  });

  it('validate() checks the age too', () => {
    const time = clock();
    const signer = new TimestampSigner('secret', { now: time.now });
    const signed = signer.sign('v');
    time.advance(100);
    assert.equal(signer.validate(signed, { maxAge: 200 }), true);
    assert.equal(signer.validate(signed, { maxAge: 50 }), false);
  });
});

describe('URLSafeTimedSerializer', () => {
  it('round-trips JSON values', () => {
    const s = new URLSafeTimedSerializer('secret');
    const value = { id: 5, name: 'Zoë', tags: ['a', 'b'], nested: { ok: true, none: null } };
    assert.deepEqual(s.loads(s.dumps(value)), value);
  });

  it('writes URL-safe tokens', () => {
    const token = new URLSafeTimedSerializer('secret').dumps({ text: '???>>>~~~' });
    assert.match(token, /^[A-Za-z0-9_.-]+$/);
  });

  it('compresses payloads when that is shorter and marks them with a leading dot', () => {
    const s = new URLSafeTimedSerializer('secret');
    const token = s.dumps({ filler: 'x'.repeat(500) });
    assert.equal(token[0], '.');
    assert.ok(token.length < 200);
    assert.deepEqual(s.loads(token), { filler: 'x'.repeat(500) });
    assert.notEqual(s.dumps({ a: 1 })[0], '.');
  });

  it('expires tokens older than maxAge', () => {
    const time = clock();
    const s = new URLSafeTimedSerializer('secret', { signerOptions: { now: time.now } });
    const token = s.dumps([1]);
    time.advance(3601);
    assert.deepEqual(s.loads(token, { maxAge: 3602 }), [1]);
    assert.throws(() => s.loads(token, { maxAge: 3600 }), SignatureExpired);
  });

  it('returns the timestamp when asked', () => {
    const time = clock();
    const s = new URLSafeTimedSerializer('secret', { signerOptions: { now: time.now } });
    assert.deepEqual(s.loads(s.dumps('v'), { returnTimestamp: true }), ['v', new Date(time.now())]);
  });

  it('rejects tokens from another salt or key', () => {
    const token = new URLSafeTimedSerializer('secret', { salt: 'a' }).dumps(1);
    assert.throws(() => new URLSafeTimedSerializer('secret', { salt: 'b' }).loads(token), BadSignature);
    assert.throws(() => new URLSafeTimedSerializer('other', { salt: 'a' }).loads(token), BadSignature);
  });

  it('verifies with older keys and signs with the newest', () => {
    const token = new URLSafeTimedSerializer('old').dumps('v');
    const rotated = new URLSafeTimedSerializer(['old', 'new']);
    assert.equal(rotated.loads(token), 'v');
    assert.equal(new URLSafeTimedSerializer('new').loads(rotated.dumps('v')), 'v');
  });

  it('throws BadPayload, with the cause, when a validly signed payload is not JSON', () => {
    const signer = new URLSafeTimedSerializer('secret').makeSigner();
    const token = signer.sign(Buffer.from('not json').toString('base64url'));
    const error = thrown(() => new URLSafeTimedSerializer('secret').loads(token));
    assert.ok(error instanceof BadPayload && error.cause instanceof SyntaxError);
    assert.ok(error instanceof BadData);
  });

  it('throws BadPayload for compressed data that is not zlib', () => {
    const signer = new URLSafeTimedSerializer('secret').makeSigner();
    const token = signer.sign(`.${Buffer.from('plain').toString('base64url')}`);
    assert.throws(() => new URLSafeTimedSerializer('secret').loads(token), /could not be decompressed/);
  });

  it('refuses to inflate a payload past maxPayloadSize', () => {
    const big = new URLSafeTimedSerializer('secret').dumps('x'.repeat(100_000));
    const small = new URLSafeTimedSerializer('secret', { maxPayloadSize: 10_000 });
    assert.throws(() => small.loads(big), BadPayload);
  });

  it('drops __proto__ keys from decoded JSON', () => {
    const signer = new URLSafeTimedSerializer('secret').makeSigner();
    const token = signer.sign(Buffer.from('{"__proto__":{"polluted":1},"a":1}').toString('base64url'));
    const value = new URLSafeTimedSerializer('secret').loads(token) as Record<string, unknown>;
    assert.deepEqual(Object.keys(value), ['a']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
  });
});

describe('URLSafeSerializer', () => {
  it('round-trips values without a timestamp', () => {
    const s = new URLSafeSerializer('secret');
    const token = s.dumps({ a: 1 });
    assert.equal(token.split('.').length, 2);
    assert.deepEqual(s.loads(token), { a: 1 });
  });
});
