/**
 * The contract between filters/tests and the engine that calls them.
 *
 * The engine builds one {@link EvalContext} per render (or per `{% autoescape %}` block) and hands it to
 * {@link callFilter}/{@link callTest} in `call.ts`, which decide from the flags on a function what to pass it.
 */

/** Per-render settings a filter may need: whether output is being autoescaped, and the environment. */
export interface EvalContext {
  autoescape: boolean;
  environment: EnvironmentLike;
  volatile?: boolean;
}

/**
 * The slice of the engine's Environment that filters and tests use.
 *
 * `filters` and `tests` are null-prototype objects keyed by name. `getattr`/`getitem` are the engine's safe
 * lookups (Jinja's `environment.getattr`/`getitem`): they return the engine's Undefined for a missing value.
 */
export interface EnvironmentLike {
  filters: Record<string, FilterFunction>;
  tests: Record<string, TestFunction>;
  getattr(obj: unknown, name: string): unknown;
  getitem(obj: unknown, key: unknown): unknown;
  isUndefined(value: unknown): boolean;
  makeUndefined(hint?: string, obj?: unknown, name?: string): unknown;
  /** Jinja's `newline_sequence`; `wordwrap` joins lines with it. Defaults to `'\n'` when absent. */
  newlineSequence?: string;
  /**
   * Jinja's `policies` (`truncate.leeway`, `urlize.rel`, `urlize.target`, `urlize.extra_schemes`,
   * `json.dumps_kwargs`). Missing keys fall back to Jinja's defaults.
   */
  policies?: Readonly<Record<string, unknown>>;
}

/** Everything a `rawArgs` filter receives, unprocessed. */
export interface FilterCall {
  value: unknown;
  args: unknown[];
  kwargs: Record<string, unknown> | null;
  evalContext: EvalContext;
  context: unknown;
}

/**
 * A filter (or test). Flags say what {@link callFilter} passes it.
 *
 * - `passEvalContext` / `passEnvironment` / `passContext`: that object comes first, before the value.
 * - `params`: names of the positional parameters after the value; keyword arguments are mapped onto them.
 *   Without `params`, a non-empty kwargs object is appended as the last argument (user-defined filters).
 * - `rawArgs`: the function is called with one {@link FilterCall} instead (filters taking `*args, **kwargs`
 *   such as `map`, `select` and `format`).
 */
// biome-ignore lint/suspicious/noExplicitAny: filters take arbitrary template values and arities.
export type FilterFunction = ((...args: any[]) => unknown) & {
  passEnvironment?: boolean;
  passEvalContext?: boolean;
  passContext?: boolean;
  params?: readonly string[];
  rawArgs?: boolean;
};

/** A builtin or user `is` test; same calling convention as a filter, result read as a boolean. */
export type TestFunction = FilterFunction;
