/**
 * The fields you keep on `g` for the length of a request. Augment it to type them:
 * `declare module 'flagon' { interface AppGlobals { user: User | null } }`.
 */
export interface AppGlobals {}

/**
 * `g`: a namespace for data that lives as long as the application context (one request, or one
 * `app.appContext()` block). Like Flask's `_AppCtxGlobals`.
 */
export class AppCtxGlobals {
  /** The value of `name`, or `fallback` when unset. */
  get<K extends keyof AppGlobals>(name: K, fallback?: AppGlobals[K]): AppGlobals[K] | undefined;
  get(name: string, fallback?: unknown): unknown;
  get(name: string, fallback?: unknown): unknown {
    return Object.hasOwn(this, name) ? (this as Record<string, unknown>)[name] : fallback;
  }

  /** Removes `name` and returns its value (or `fallback`). */
  pop(name: string, fallback?: unknown): unknown {
    if (!Object.hasOwn(this, name)) return fallback;
    const value = (this as Record<string, unknown>)[name];
    delete (this as Record<string, unknown>)[name];
    return value;
  }

  /** Returns `name`, first setting it to `value` when unset. */
  setDefault(name: string, value: unknown): unknown {
    if (!Object.hasOwn(this, name)) (this as Record<string, unknown>)[name] = value;
    return (this as Record<string, unknown>)[name];
  }

  /** True when `name` is set. */
  has(name: string): boolean {
    return Object.hasOwn(this, name);
  }
}

/** `g` as the app exposes it: the helper methods plus your typed and untyped fields. */
export type G = AppCtxGlobals & Partial<AppGlobals> & Record<string, unknown>;
