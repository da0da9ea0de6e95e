/**
 * Errors raised by routing. Matching never throws for bad request input: it answers with a result object.
 * These classes are for misuse by the programmer (a malformed rule, a URL that cannot be built) and for
 * converters that reject a value.
 */

/**
 * A rule string, its converter arguments or its options are malformed. Thrown by `new Rule()` and `UrlMap.add`.
 * The message quotes the rule and says what to write instead.
 */
export class RuleSyntaxError extends Error {
  override get name(): string {
    return 'RuleSyntaxError';
  }
}

/**
 * Thrown by a converter's `toValue` to say "this rule does not match this URL, try the next one", and by its
 * `toUrl` to say "this value cannot be written into this rule" (the builder then tries the endpoint's other rules).
 * The message, when given, ends up in the `BuildError` that follows if no rule can build.
 */
export class ValidationError extends Error {
  override get name(): string {
    return 'ValidationError';
  }
}

/**
 * `MapAdapter.build` found no rule for the endpoint that accepts the given values and method.
 * The message names the endpoint, the values, and the most likely fix (missing values, wrong method, a close
 * endpoint name).
 */
export class BuildError extends Error {
  /** The endpoint that was asked for. */
  readonly endpoint: string;
  /** The values that were given (null and undefined ones already dropped). */
  readonly values: Record<string, unknown>;
  /** The method that was asked for, if any. */
  readonly method: string | undefined;

  constructor(
    endpoint: string,
    values: Record<string, unknown>,
    method: string | undefined,
    hint: string,
    options?: ErrorOptions,
  ) {
    const keys = Object.keys(values).sort();
    const withMethod = method === undefined ? '' : ` (${quote(method)})`;
    const withValues = keys.length === 0 ? '' : ` with values [${keys.map(quote).join(', ')}]`;
    super(
      `Could not build a URL for endpoint ${quote(endpoint)}${withMethod}${withValues}. ${hint}`,
      options,
    );
    this.endpoint = endpoint;
    this.values = values;
    this.method = method;
  }

  override get name(): string {
    return 'BuildError';
  }
}

function quote(text: string): string {
  return `'${text}'`;
}
