import { BadRequest } from 'flagon';

/**
 * Raised when a request fails the CSRF check; a 400 `BadRequest` whose description is the reason, with
 * Flask-WTF's wording ("The CSRF token is missing.", "The CSRF tokens do not match.", …). Handle it with
 * `app.errorHandler(CSRFError, (e) => …)` to show your own page.
 */
export class CSRFError extends BadRequest {
  static override readonly description: string = 'CSRF validation failed.';
}

/**
 * Raised by `validateCsrf` (Flask-WTF's `ValidationError`) with the reason the token was refused. `CSRFProtect`
 * turns it into a `CSRFError`; forms put its message in `errors.csrf_token`.
 */
export class CSRFValidationError extends Error {
  override get name(): string {
    return 'CSRFValidationError';
  }
}

/** Misuse of the CSRF helpers: no secret key, or no request or app context. */
export class CSRFConfigError extends Error {
  override get name(): string {
    return 'CSRFConfigError';
  }
}
