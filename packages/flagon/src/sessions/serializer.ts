/**
 * Signed, URL-safe serializers compatible with itsdangerous 2.x `URLSafeSerializer` and
 * `URLSafeTimedSerializer`: JSON, zlib-compressed when that is shorter, URL-safe base64, then signed.
 */

import { deflateSync, inflateSync } from 'node:zlib';
import { BadPayload } from './errors.ts';
import { base64UrlDecode, base64UrlEncode, toBytes, toText } from './internal/encoding.ts';
import { type SecretKey, Signer, type SignerOptions, TimestampSigner } from './signing.ts';

/** Turns values into text and back; the payload format inside a signed token. */
export interface TextSerializer {
  dumps(value: unknown): string;
  /** @throws anything when the text is not valid; the serializer reports it as `BadPayload`. */
  loads(text: string): unknown;
}

/**
 * Compact JSON, the default payload format of itsdangerous. Keys named `__proto__` are dropped when loading so
 * decoded objects cannot carry a prototype into code that copies them.
 */
export const compactJson: TextSerializer = {
  dumps: (value) => JSON.stringify(value),
  loads: (text) => JSON.parse(text, (key, value) => (key === '__proto__' ? undefined : value)),
};

/** Options for the URL-safe serializers. */
export interface SerializerOptions {
  /** Separates contexts (e.g. `'activate'` vs `'reset-password'`). Default `'itsdangerous'`. */
  salt?: string | Uint8Array | null;
  /** The payload format. Default `compactJson`. */
  serializer?: TextSerializer;
  /** Passed to the signer: key derivation, digest, separator, clock. */
  signerOptions?: Omit<SignerOptions, 'salt'>;
  /** Largest payload, in bytes, that a compressed token may expand to; guards against zip bombs. Default 1 MiB. */
  maxPayloadSize?: number;
}

const COMPRESSED_MARK = 0x2e; // '.'

/**
 * Dumps values to signed URL-safe tokens and loads them back (itsdangerous' `URLSafeSerializer`).
 * Several secret keys may be given, oldest first: the last one signs, every one verifies.
 * @example
 * const s = new URLSafeSerializer(SECRET_KEY, { salt: 'unsubscribe' });
 * const token = s.dumps({ id: 5 }); // 'eyJpZCI6NX0.<signature>'
 * s.loads(token); // { id: 5 }
 */
export class URLSafeSerializer {
  readonly secretKeys: readonly SecretKey[];
  readonly salt: string | Uint8Array | null;
  readonly serializer: TextSerializer;
  readonly signerOptions: Omit<SignerOptions, 'salt'>;
  readonly maxPayloadSize: number;
  // Deriving keys costs a few HMACs, so the signer for the default salt is built once.
  #signer: Signer | undefined;

  constructor(secretKey: SecretKey | readonly SecretKey[], options: SerializerOptions = {}) {
    this.secretKeys =
      typeof secretKey === 'string' || secretKey instanceof Uint8Array ? [secretKey] : [...secretKey];
    this.salt = options.salt === undefined ? 'itsdangerous' : options.salt;
    this.serializer = options.serializer ?? compactJson;
    this.signerOptions = options.signerOptions ?? {};
    this.maxPayloadSize = options.maxPayloadSize ?? 1024 * 1024;
  }

  /** A signer for this serializer's keys and salt; override to change how tokens are signed. */
  makeSigner(salt: string | Uint8Array | null = this.salt): Signer {
    return new Signer(this.secretKeys, { ...this.signerOptions, salt });
  }

  /** The signer for `salt`, reusing the one for the default salt. */
  protected signerFor(salt: string | Uint8Array | null | undefined): Signer {
    if (salt !== undefined) return this.makeSigner(salt);
    this.#signer ??= this.makeSigner();
    return this.#signer;
  }

  /** The payload as URL-safe base64 of its text, zlib-compressed (marked by a leading `.`) when that is shorter. */
  dumpPayload(value: unknown): string {
    const text = this.serializer.dumps(value);
    if (typeof text !== 'string') {
      throw new TypeError(
        'The serializer returned no text; its dumps() must return a string for every value.',
      );
    }
    const json = toBytes(text);
    const compressed = deflateSync(json);
    // The same rule as itsdangerous, so both sides produce the same tokens.
    if (compressed.length < json.length - 1) return `.${base64UrlEncode(compressed)}`;
    return base64UrlEncode(json);
  }

  /**
   * Decodes a payload made by `dumpPayload`.
   * @throws BadPayload when the base64, zlib data, UTF-8 or serialized text is invalid, or the payload is too large.
   */
  loadPayload(payload: Uint8Array): unknown {
    const isCompressed = payload[0] === COMPRESSED_MARK;
    const decoded = base64UrlDecode(isCompressed ? payload.subarray(1) : payload);
    if (decoded === undefined) throw new BadPayload('The payload is not valid URL-safe base64.');
    let json: Uint8Array = decoded;
    if (isCompressed) {
      try {
        json = inflateSync(decoded, { maxOutputLength: this.maxPayloadSize });
      } catch (error) {
        throw new BadPayload(
          'The payload could not be decompressed: it is not zlib data or expands past maxPayloadSize.',
          { cause: error },
        );
      }
    }
    let text: string;
    try {
      text = toText(json);
    } catch (error) {
      throw new BadPayload('The payload is not UTF-8 text.', { cause: error });
    }
    try {
      return this.serializer.loads(text);
    } catch (error) {
      throw new BadPayload(
        'The payload could not be deserialized; were both sides configured with the same serializer?',
        { cause: error },
      );
    }
  }

  /** A signed token for `value`. */
  dumps(value: unknown, salt?: string | Uint8Array | null): string {
    return this.signerFor(salt).sign(this.dumpPayload(value));
  }

  /**
   * The value in a token made by `dumps` (here or by itsdangerous).
   * @throws BadSignature when the token was tampered with or signed with other keys or salt.
   * @throws BadPayload when the signature is valid but the payload cannot be decoded.
   */
  loads(token: string | Uint8Array, options: { salt?: string | Uint8Array | null } = {}): unknown {
    return this.loadPayload(this.signerFor(options.salt).unsignBytes(token));
  }
}

/** Options for `URLSafeTimedSerializer.loads`. */
export interface TimedLoadOptions {
  /** Reject tokens older than this many seconds. */
  maxAge?: number | null;
  salt?: string | Uint8Array | null;
}

/**
 * A `URLSafeSerializer` whose tokens carry the time they were made, so they can expire
 * (itsdangerous' `URLSafeTimedSerializer`; Flask's session cookies use it).
 * @example
 * const s = new URLSafeTimedSerializer(SECRET_KEY, { salt: 'reset-password' });
 * const token = s.dumps({ user: 42 });
 * s.loads(token, { maxAge: 3600 }); // throws SignatureExpired after an hour
 */
export class URLSafeTimedSerializer extends URLSafeSerializer {
  override makeSigner(salt: string | Uint8Array | null = this.salt): TimestampSigner {
    return new TimestampSigner(this.secretKeys, { ...this.signerOptions, salt });
  }

  /**
   * The value in a token, optionally with the time it was signed.
   * @throws SignatureExpired when the token is older than `maxAge` seconds.
   * @throws BadSignature (or its subclass BadTimeSignature) when the token was tampered with.
   * @throws BadPayload when the signature is valid but the payload cannot be decoded.
   */
  override loads(
    token: string | Uint8Array,
    options?: TimedLoadOptions & { returnTimestamp?: false },
  ): unknown;
  override loads(
    token: string | Uint8Array,
    options: TimedLoadOptions & { returnTimestamp: true },
  ): [unknown, Date];
  override loads(
    token: string | Uint8Array,
    options: TimedLoadOptions & { returnTimestamp?: boolean } = {},
  ): unknown {
    // makeSigner is overridden above, so every signer this serializer builds is a TimestampSigner.
    const signer = this.signerFor(options.salt) as TimestampSigner;
    const [payload, dateSigned] = signer.unsignBytesWithTimestamp(token, { maxAge: options.maxAge ?? null });
    const value = this.loadPayload(payload);
    return options.returnTimestamp ? [value, dateSigned] : value;
  }
}
