/**
 * Errors raised when the framework itself is misused (as opposed to HTTP errors, which are answers to clients).
 * Each message says what happened, why, and what to do. docs/errors.md lists every class.
 */

/** A setup method (`route`, `beforeRequest`, `registerBlueprint`, …) was called at the wrong time or with bad arguments. */
export class SetupError extends Error {
  override get name(): string {
    return 'SetupError';
  }
}

/** A view returned something Flagon cannot turn into a response. */
export class ResponseValueError extends TypeError {
  override get name(): string {
    return 'ResponseValueError';
  }
}
