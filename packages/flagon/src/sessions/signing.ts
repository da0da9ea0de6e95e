/**
 * Signers compatible with itsdangerous 2.x: a value signed here verifies in Python and the other way round,
 * given the same secret key, salt, separator, key derivation and digest.
 */

import { createHash, createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';
import { BadSignature, BadTimeSignature, SignatureExpired } from './errors.ts';
import {
  base64UrlDecode,
  base64UrlEncode,
  bytesToInt,
  intToBytes,
  lastIndexOfBytes,
  toBytes,
  toText,
} from './internal/encoding.ts';

/** A secret key: text (UTF-8 encoded before use) or raw bytes. */
export type SecretKey = string | Uint8Array;

/** How the signing key is derived from the secret key and salt, as named by itsdangerous. */
export type KeyDerivation = 'concat' | 'django-concat' | 'hmac' | 'none';

/** Makes and checks raw signatures; replace it to sign with something other than HMAC. */
export interface SigningAlgorithm {
  /** The raw signature of `value` under `key`. */
  getSignature(key: Uint8Array, value: Uint8Array): Uint8Array;
  /** Whether `signature` is right for `value`; defaults to a constant-time comparison with `getSignature`. */
  verifySignature?(key: Uint8Array, value: Uint8Array, signature: Uint8Array): boolean;
}

// createHmac imports a raw key into a KeyObject on every call, which costs several times the HMAC itself;
// signers pass the same derived key arrays every time, so each is imported once (createSecretKey copies it).
const keyObjects = new WeakMap<Uint8Array, KeyObject>();

function keyObjectOf(key: Uint8Array): KeyObject {
  let object = keyObjects.get(key);
  if (object === undefined) {
    object = createSecretKey(key);
    keyObjects.set(key, object);
  }
  return object;
}

/** Signs with an HMAC over the given node:crypto digest (`'sha1'`, `'sha256'`, …). */
export class HMACAlgorithm implements SigningAlgorithm {
  readonly digestMethod: string;

  constructor(digestMethod = 'sha1') {
    checkDigest(digestMethod);
    this.digestMethod = digestMethod;
  }

  getSignature(key: Uint8Array, value: Uint8Array): Uint8Array {
    return createHmac(this.digestMethod, keyObjectOf(key)).update(value).digest();
  }

  verifySignature(key: Uint8Array, value: Uint8Array, signature: Uint8Array): boolean {
    return bytesEqual(signature, this.getSignature(key, value));
  }
}

/** Produces an empty signature: values are only tagged, not protected. For tests and trusted channels only. */
export class NoneAlgorithm implements SigningAlgorithm {
  getSignature(): Uint8Array {
    return new Uint8Array(0);
  }
}

/** Options shared by `Signer` and `TimestampSigner`; the defaults are itsdangerous' own. */
export interface SignerOptions {
  /** Separates contexts: a value signed with one salt never verifies with another. Default `'itsdangerous.Signer'`. */
  salt?: string | Uint8Array | null;
  /** Goes between value and signature; must not be a base64 character. Default `'.'`. */
  sep?: string;
  /** Default `'django-concat'`, as in itsdangerous (Flask's sessions use `'hmac'`). */
  keyDerivation?: KeyDerivation;
  /** A node:crypto hash name for key derivation and HMAC. Default `'sha1'`. */
  digestMethod?: string;
  /** Replaces the HMAC built from `digestMethod`. */
  algorithm?: SigningAlgorithm;
  /** The current time in milliseconds (default `Date.now`); inject a clock to test expiry without waiting. */
  now?: () => number;
}

/**
 * Signs text or bytes and verifies the result: `sign('hello')` gives `'hello.<signature>'`.
 * Several secret keys may be given, oldest first: the last one signs, every one verifies (key rotation).
 * @example
 * const signer = new Signer(process.env.SECRET_KEY!, { salt: 'activate' });
 * const token = signer.sign('user-42');
 * signer.unsign(token); // 'user-42', or throws BadSignature
 */
export class Signer {
  readonly secretKeys: readonly Uint8Array[];
  readonly salt: Uint8Array;
  readonly sep: string;
  readonly keyDerivation: KeyDerivation;
  readonly digestMethod: string;
  readonly algorithm: SigningAlgorithm;
  protected readonly now: () => number;
  readonly #sepBytes: Uint8Array;
  // Derived once per key, newest first, because verification tries the newest key first.
  readonly #derivedKeys: readonly Uint8Array[];

  /** @throws TypeError for an empty key list, a separator from the base64 alphabet or an unknown digest. */
  constructor(secretKey: SecretKey | readonly SecretKey[], options: SignerOptions = {}) {
    const keys =
      typeof secretKey === 'string' || secretKey instanceof Uint8Array ? [secretKey] : [...secretKey];
    if (keys.length === 0) {
      throw new TypeError(
        'A signer needs at least one secret key; pass the key, or a list of keys oldest first.',
      );
    }
    this.secretKeys = keys.map(toBytes);
    this.salt = toBytes(options.salt ?? 'itsdangerous.Signer');
    this.sep = options.sep ?? '.';
    if (this.sep === '' || /[A-Za-z0-9_=-]/.test(this.sep)) {
      throw new TypeError(
        `The separator ${JSON.stringify(this.sep)} cannot be used because it may appear in the signature itself. ` +
          "Use a character other than ASCII letters, digits and '-_=', such as '.'.",
      );
    }
    this.#sepBytes = toBytes(this.sep);
    this.keyDerivation = options.keyDerivation ?? 'django-concat';
    this.digestMethod = options.digestMethod ?? 'sha1';
    checkDigest(this.digestMethod);
    this.algorithm = options.algorithm ?? new HMACAlgorithm(this.digestMethod);
    this.now = options.now ?? Date.now;
    this.#derivedKeys = this.secretKeys.map((key) => this.deriveKey(key)).reverse();
  }

  /**
   * The signing key for a secret key (default: the newest), combined with the salt as `keyDerivation` says.
   * @throws TypeError for an unknown key derivation.
   */
  deriveKey(secretKey: SecretKey = this.secretKeys.at(-1)!): Uint8Array {
    const key = toBytes(secretKey);
    switch (this.keyDerivation) {
      case 'concat':
        return createHash(this.digestMethod).update(this.salt).update(key).digest();
      case 'django-concat':
        return createHash(this.digestMethod).update(this.salt).update('signer').update(key).digest();
      case 'hmac':
        return createHmac(this.digestMethod, key).update(this.salt).digest();
      case 'none':
        return key;
      default:
        throw new TypeError(
          `Unknown key derivation ${JSON.stringify(this.keyDerivation)}; use 'concat', 'django-concat', 'hmac' or 'none'.`,
        );
    }
  }

  /** The URL-safe base64 signature of `value` under the newest key. */
  getSignature(value: string | Uint8Array): string {
    return base64UrlEncode(this.algorithm.getSignature(this.#derivedKeys[0]!, toBytes(value)));
  }

  /** `value`, the separator and its signature. */
  sign(value: string | Uint8Array): string {
    const bytes = toBytes(value);
    return `${typeof value === 'string' ? value : toText(bytes)}${this.sep}${this.getSignature(bytes)}`;
  }

  /** Whether `signature` (URL-safe base64) is right for `value` under any of the keys. */
  verifySignature(value: string | Uint8Array, signature: string | Uint8Array): boolean {
    const raw = base64UrlDecode(signature);
    if (raw === undefined) return false;
    const bytes = toBytes(value);
    return this.#derivedKeys.some((key) =>
      this.algorithm.verifySignature
        ? this.algorithm.verifySignature(key, bytes, raw)
        : bytesEqual(raw, this.algorithm.getSignature(key, bytes)),
    );
  }

  /**
   * The original bytes of a signed value.
   * @throws BadSignature when the separator is missing or the signature does not match.
   */
  unsignBytes(signedValue: string | Uint8Array): Uint8Array {
    const signed = toBytes(signedValue);
    const at = lastIndexOfBytes(signed, this.#sepBytes);
    if (at < 0) {
      throw new BadSignature(
        `No ${JSON.stringify(this.sep)} found in the value, so it carries no signature.`,
      );
    }
    const value = signed.subarray(0, at);
    const signature = signed.subarray(at + this.#sepBytes.length);
    if (this.verifySignature(value, signature)) return value;
    throw new BadSignature(
      'The signature does not match: the value was changed, or signed with another secret key or salt.',
      { payload: value },
    );
  }

  /**
   * The original text of a signed value.
   * @throws BadSignature when the separator is missing or the signature does not match.
   */
  unsign(signedValue: string | Uint8Array): string {
    return decodeSigned(this.unsignBytes(signedValue));
  }

  /** Whether `signedValue` carries a valid signature. */
  validate(signedValue: string | Uint8Array): boolean {
    try {
      this.unsignBytes(signedValue);
      return true;
    } catch (error) {
      if (error instanceof BadSignature) return false;
      throw error;
    }
  }
}

/** Options for `TimestampSigner.unsign`. */
export interface UnsignOptions {
  /** Reject signatures older than this many seconds (and ones dated in the future). */
  maxAge?: number | null;
}

/**
 * A `Signer` that also records when it signed, so signatures can expire:
 * `sign('v')` gives `'v.<timestamp>.<signature>'`. Timestamps are whole seconds, as in itsdangerous.
 */
export class TimestampSigner extends Signer {
  /** The current time in whole seconds since the epoch. */
  getTimestamp(): number {
    return Math.floor(this.now() / 1000);
  }

  override sign(value: string | Uint8Array): string {
    const bytes = toBytes(value);
    const text = typeof value === 'string' ? value : toText(bytes);
    const timestamp = base64UrlEncode(intToBytes(this.getTimestamp()));
    return super.sign(`${text}${this.sep}${timestamp}`);
  }

  /**
   * The original bytes and the signing time of a timestamped value.
   * @throws BadTimeSignature when the signature is wrong or the timestamp is missing or malformed.
   * @throws SignatureExpired when `maxAge` is given and the signature is older (or dated in the future).
   */
  unsignBytesWithTimestamp(
    signedValue: string | Uint8Array,
    options: UnsignOptions = {},
  ): [Uint8Array, Date] {
    let result: Uint8Array;
    let signatureError: BadSignature | undefined;
    try {
      result = super.unsignBytes(signedValue);
    } catch (error) {
      if (!(error instanceof BadSignature)) throw error;
      signatureError = error;
      result = error.payload ?? new Uint8Array(0);
    }
    const sep = toBytes(this.sep);
    const at = lastIndexOfBytes(result, sep);
    if (at < 0) {
      if (signatureError) throw signatureError;
      throw new BadTimeSignature('The timestamp is missing from the signed value.', { payload: result });
    }
    const value = result.subarray(0, at);
    const encoded = base64UrlDecode(result.subarray(at + sep.length));
    const timestamp = encoded === undefined ? undefined : bytesToInt(encoded);
    const dateSigned = timestamp === undefined ? undefined : new Date(timestamp * 1000);
    const malformed = dateSigned === undefined || Number.isNaN(dateSigned.getTime());
    if (signatureError) {
      if (timestamp !== undefined && malformed) {
        throw new BadTimeSignature('The timestamp is malformed.', { payload: value });
      }
      throw new BadTimeSignature(signatureError.message, { payload: value, dateSigned });
    }
    if (malformed) throw new BadTimeSignature('The timestamp is malformed.', { payload: value });
    const maxAge = options.maxAge;
    if (maxAge !== undefined && maxAge !== null) {
      const age = this.getTimestamp() - timestamp!;
      if (age > maxAge) {
        throw new SignatureExpired(`The signature is ${age} seconds old, more than the ${maxAge} allowed.`, {
          payload: value,
          dateSigned,
        });
      }
      if (age < 0) {
        throw new SignatureExpired(`The signature is dated ${-age} seconds in the future.`, {
          payload: value,
          dateSigned,
        });
      }
    }
    return [value, dateSigned];
  }

  /**
   * The original text of a timestamped value, or `[text, dateSigned]` with `returnTimestamp`.
   * @throws BadTimeSignature when the signature is wrong or the timestamp is missing or malformed.
   * @throws SignatureExpired when `maxAge` is given and the signature is older (or dated in the future).
   */
  override unsign(
    signedValue: string | Uint8Array,
    options?: UnsignOptions & { returnTimestamp?: false },
  ): string;
  override unsign(
    signedValue: string | Uint8Array,
    options: UnsignOptions & { returnTimestamp: true },
  ): [string, Date];
  override unsign(
    signedValue: string | Uint8Array,
    options: UnsignOptions & { returnTimestamp?: boolean } = {},
  ): string | [string, Date] {
    const [value, dateSigned] = this.unsignBytesWithTimestamp(signedValue, options);
    const text = decodeSigned(value);
    return options.returnTimestamp ? [text, dateSigned] : text;
  }

  /** The original bytes of a timestamped value, ignoring its age unless `maxAge` is given. */
  override unsignBytes(signedValue: string | Uint8Array, options: UnsignOptions = {}): Uint8Array {
    return this.unsignBytesWithTimestamp(signedValue, options)[0];
  }

  /** Whether `signedValue` has a valid signature and timestamp (and is no older than `maxAge`). */
  override validate(signedValue: string | Uint8Array, options: UnsignOptions = {}): boolean {
    try {
      this.unsignBytesWithTimestamp(signedValue, options);
      return true;
    } catch (error) {
      if (error instanceof BadSignature) return false;
      throw error;
    }
  }
}

function decodeSigned(value: Uint8Array): string {
  try {
    return toText(value);
  } catch (error) {
    throw new BadSignature('The signed value is not UTF-8 text; use unsignBytes() for binary values.', {
      payload: value,
      cause: error,
    });
  }
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  // timingSafeEqual needs equal lengths; a length mismatch reveals nothing about the key.
  return a.length === b.length && timingSafeEqual(a, b);
}

function checkDigest(name: string): void {
  try {
    createHash(name);
  } catch (error) {
    throw new TypeError(
      `Unknown digest method ${JSON.stringify(name)}; use a node:crypto hash name such as 'sha1' or 'sha256'.`,
      { cause: error },
    );
  }
}
