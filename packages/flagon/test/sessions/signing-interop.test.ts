import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { URLSafeTimedSerializer } from '../../src/sessions/serializer.ts';
import { type KeyDerivation, Signer, TimestampSigner } from '../../src/sessions/signing.ts';
import { python, pythonSkipReason, pythonValue } from './helpers/python.ts';

const variants: Array<{ keyDerivation: KeyDerivation; digestMethod: string; salt: string }> = [
  { keyDerivation: 'django-concat', digestMethod: 'sha1', salt: 'itsdangerous.Signer' },
  { keyDerivation: 'concat', digestMethod: 'sha256', salt: 'activate' },
  { keyDerivation: 'hmac', digestMethod: 'sha1', salt: 'cookie-session' },
  { keyDerivation: 'none', digestMethod: 'sha512', salt: 'x' },
];

function pythonKwargs(variant: (typeof variants)[number]) {
  return { key_derivation: variant.keyDerivation, digest_method: variant.digestMethod };
}

describe('signing interop with itsdangerous', { skip: pythonSkipReason }, () => {
  it('signs exactly as itsdangerous does for every key derivation', async () => {
    const results = await python(
      ...variants.map((variant) => ({
        op: 'sign',
        class: 'Signer',
        keys: ['secret'],
        salt: variant.salt,
        signer_kwargs: pythonKwargs(variant),
        value: 'héllo.world',
      })),
    );
    variants.forEach((variant, index) => {
      const signer = new Signer('secret', variant);
      assert.deepEqual(results[index], { ok: signer.sign('héllo.world') }, variant.keyDerivation);
    });
  });

  it('unsigns values that itsdangerous signed, and itsdangerous unsigns ours', async () => {
    const theirs = (await pythonValue({
      op: 'sign',
      class: 'TimestampSigner',
      keys: ['k'],
      value: 'v',
    })) as string;
    assert.equal(new TimestampSigner('k').unsign(theirs, { maxAge: 60 }), 'v');
    const ours = new TimestampSigner('k').sign('mine');
    assert.equal(
      await pythonValue({ op: 'unsign', class: 'TimestampSigner', keys: ['k'], value: ours }),
      'mine',
    );
  });

  it('agrees with itsdangerous that a value signed with another key is bad', async () => {
    const ours = new Signer('one').sign('v');
    const [result] = await python({ op: 'unsign', class: 'Signer', keys: ['two'], value: ours });
    assert.equal((result as { error: string }).error, 'BadSignature');
  });

  it('rotates keys the same way: the newest signs, any verifies', async () => {
    const [signedByList, unsignedOld] = await python(
      { op: 'sign', class: 'Signer', keys: ['old', 'new'], value: 'v' },
      { op: 'unsign', class: 'Signer', keys: ['old', 'new'], value: new Signer('old').sign('v') },
    );
    assert.deepEqual(signedByList, { ok: new Signer('new').sign('v') });
    assert.deepEqual(unsignedOld, { ok: 'v' });
  });

  it('loads URLSafeTimedSerializer tokens from itsdangerous, compressed or not', async () => {
    const value = { small: [1, 'two'], text: 'Zoë' };
    const large = { filler: 'abc'.repeat(300) };
    const [plain, compressed] = await python(
      { op: 'dumps', keys: ['secret'], salt: 'tokens', value },
      { op: 'dumps', keys: ['secret'], salt: 'tokens', value: large },
    );
    const s = new URLSafeTimedSerializer('secret', { salt: 'tokens' });
    assert.deepEqual(s.loads((plain as { ok: string }).ok, { maxAge: 60 }), value);
    const token = (compressed as { ok: string }).ok;
    assert.equal(token[0], '.');
    assert.deepEqual(s.loads(token, { maxAge: 60 }), large);
  });

  it('makes URLSafeTimedSerializer tokens that itsdangerous loads', async () => {
    const s = new URLSafeTimedSerializer(['old', 'secret'], {
      salt: 'tokens',
      signerOptions: { keyDerivation: 'hmac', digestMethod: 'sha256' },
    });
    const value = { n: 1, list: [true, null], filler: 'z'.repeat(400) };
    const loaded = await pythonValue({
      op: 'loads',
      keys: ['secret'],
      salt: 'tokens',
      signer_kwargs: { key_derivation: 'hmac', digest_method: 'sha256' },
      value: s.dumps(value),
      max_age: 60,
    });
    assert.deepEqual(loaded, value);
  });
});
