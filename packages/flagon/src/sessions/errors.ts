/**
 * Errors raised by signing, signed serializers and sessions. The signing family mirrors itsdangerous
 * (`BadData` → `BadSignature` → `BadTimeSignature` → `SignatureExpired`, and `BadPayload`), so code
 * written against itsdangerous catches the same classes.
 */

/** Any untrusted data that failed to verify or decode. Catch this to handle every signing failure at once. */
export class BadData extends Error {
  override get name(): string {
    return 'BadData';
  }
}

/** A signature is missing or does not match the value; the value was forged, altered or signed with another key. */
export class BadSignature extends BadData {
  /** The part that was signed (without the signature) when it could be split off; never trust it. */
  readonly payload: Uint8Array | undefined;

  constructor(message: string, options?: { payload?: Uint8Array | undefined; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.payload = options?.payload;
  }

  override get name(): string {
    return 'BadSignature';
  }
}

/** A timestamped signature is invalid, or its timestamp is missing or malformed. */
export class BadTimeSignature extends BadSignature {
  /** When the value claims to have been signed, if that could be read. Untrusted unless the signature was valid. */
  readonly dateSigned: Date | undefined;

  constructor(
    message: string,
    options?: { payload?: Uint8Array | undefined; dateSigned?: Date | undefined; cause?: unknown },
  ) {
    super(message, options);
    this.dateSigned = options?.dateSigned;
  }

  override get name(): string {
    return 'BadTimeSignature';
  }
}

/** The signature is valid but older than the allowed `maxAge` (or dated in the future). */
export class SignatureExpired extends BadTimeSignature {
  override get name(): string {
    return 'SignatureExpired';
  }
}

/**
 * The signature was fine but the payload could not be decoded (bad base64, zlib or JSON), usually because
 * the two sides use different serializers. The underlying error is the `cause`.
 */
export class BadPayload extends BadData {
  override get name(): string {
    return 'BadPayload';
  }
}

/**
 * The session was written to while sessions are unavailable, which happens when no `SECRET_KEY` is set.
 * Differs from Flask: Flask raises a bare `RuntimeError`.
 */
export class SessionUnavailableError extends Error {
  constructor(
    message = 'The session is unavailable because no secret key was set. ' +
      'Set SECRET_KEY on the application to something unique and secret.',
  ) {
    super(message);
  }

  override get name(): string {
    return 'SessionUnavailableError';
  }
}

/** A session or signing setting has a value that cannot work (wrong type, unknown SameSite, negative lifetime). */
export class SessionConfigError extends TypeError {
  override get name(): string {
    return 'SessionConfigError';
  }
}
