/** Errors raised by @flagon/redis. Each message says what happened, why, and what to do. */

/**
 * Redis could not be reached or did not answer in time (connect or command timeout). Sessions and limits turn
 * it into a 503 for the request that needed Redis; the server keeps serving.
 */
export class StoreUnavailableError extends Error {
  override get name(): string {
    return 'StoreUnavailableError';
  }
}

/**
 * A session's data is larger than the interface's `maxSize` once serialized. Raised when the session is
 * saved, before anything is written, so the stored session stays as it was.
 */
export class SessionTooLargeError extends Error {
  /** The serialized size in bytes. */
  readonly size: number;
  /** The limit in bytes. */
  readonly maxSize: number;

  constructor(size: number, maxSize: number) {
    super(
      `The session is ${size} bytes once serialized, more than the ${maxSize} bytes this RedisSessionInterface ` +
        'allows (maxSize), so it was not saved. Keep large data in your database and store only its id in the ' +
        'session, or raise maxSize.',
    );
    this.size = size;
    this.maxSize = maxSize;
  }

  override get name(): string {
    return 'SessionTooLargeError';
  }
}

/** A session value cannot be serialized (a BigInt, a cycle, a function) with the interface's serializer. */
export class SessionSerializationError extends TypeError {
  override get name(): string {
    return 'SessionSerializationError';
  }
}

/** A rate limit string does not follow Flask-Limiter's grammar (`'10 per minute'`, `'10/minute;100/hour'`). */
export class RateLimitSyntaxError extends SyntaxError {
  /** The string that was refused. */
  readonly limitString: string;

  constructor(limitString: string, detail?: string) {
    super(
      `Cannot parse the rate limit ${JSON.stringify(limitString)}${detail ? ` (${detail})` : ''}. Write limits as ` +
        "'<amount> per <n> <unit>' or '<amount>/<unit>', separated by ';', ',' or '|', with units second, " +
        "minute, hour, day, month or year: '10 per minute', '5 per 2 seconds', '10/minute;100/hour'.",
    );
    this.limitString = limitString;
  }

  override get name(): string {
    return 'RateLimitSyntaxError';
  }
}

/** The limiter was set up with options that cannot work (unknown storage or strategy, bad cost). */
export class LimiterConfigError extends TypeError {
  override get name(): string {
    return 'LimiterConfigError';
  }
}
