import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

/** Trusted-proxy counts, like Werkzeug's `ProxyFix(x_for=1, …)`. */
export interface ProxyFixConfig {
  xFor?: number;
  xProto?: number;
  xHost?: number;
  xPort?: number;
  xPrefix?: number;
}

/**
 * The configuration keys Flagon itself reads, with Flask's names.
 * Extensions and apps add their own keys; augment this interface to type them:
 * `declare module 'flagon' { interface ConfigValues { DATABASE: string } }`.
 */
export interface ConfigValues {
  DEBUG: boolean;
  TESTING: boolean;
  PROPAGATE_EXCEPTIONS: boolean | null;
  SECRET_KEY: string | Uint8Array | null;
  SECRET_KEY_FALLBACKS: Array<string | Uint8Array>;
  PERMANENT_SESSION_LIFETIME: number;
  USE_X_SENDFILE: boolean;
  SERVER_NAME: string | null;
  APPLICATION_ROOT: string;
  SESSION_COOKIE_NAME: string;
  SESSION_COOKIE_DOMAIN: string | null;
  SESSION_COOKIE_PATH: string | null;
  SESSION_COOKIE_HTTPONLY: boolean;
  SESSION_COOKIE_SECURE: boolean;
  SESSION_COOKIE_SAMESITE: 'Strict' | 'Lax' | 'None' | null;
  SESSION_COOKIE_PARTITIONED: boolean;
  SESSION_REFRESH_EACH_REQUEST: boolean;
  MAX_CONTENT_LENGTH: number | null;
  MAX_FORM_MEMORY_SIZE: number | null;
  MAX_FORM_PARTS: number | null;
  /** The deepest nesting of arrays and objects a JSON request body may have (400 beyond it); null: no limit. */
  MAX_JSON_DEPTH: number | null;
  SEND_FILE_MAX_AGE_DEFAULT: number | null;
  TRAP_BAD_REQUEST_ERRORS: boolean | null;
  TRAP_HTTP_EXCEPTIONS: boolean;
  EXPLAIN_TEMPLATE_LOADING: boolean;
  PREFERRED_URL_SCHEME: string;
  TEMPLATES_AUTO_RELOAD: boolean | null;
  MAX_COOKIE_SIZE: number;
  TRUSTED_HOSTS: string[] | null;
  PROXY_FIX: ProxyFixConfig | null;
}

/**
 * Flask's defaults, with two secure-by-default departures (each marked in the docs):
 * SESSION_COOKIE_SAMESITE is 'Lax' (Flask: None) and MAX_FORM_MEMORY_SIZE/MAX_FORM_PARTS are set as in Flask 3.1.
 */
export function defaultConfig(): ConfigValues {
  return {
    DEBUG: false,
    TESTING: false,
    PROPAGATE_EXCEPTIONS: null,
    SECRET_KEY: null,
    SECRET_KEY_FALLBACKS: [],
    PERMANENT_SESSION_LIFETIME: 31 * 24 * 60 * 60,
    USE_X_SENDFILE: false,
    SERVER_NAME: null,
    APPLICATION_ROOT: '/',
    SESSION_COOKIE_NAME: 'session',
    SESSION_COOKIE_DOMAIN: null,
    SESSION_COOKIE_PATH: null,
    SESSION_COOKIE_HTTPONLY: true,
    SESSION_COOKIE_SECURE: false,
    SESSION_COOKIE_SAMESITE: 'Lax',
    SESSION_COOKIE_PARTITIONED: false,
    SESSION_REFRESH_EACH_REQUEST: true,
    MAX_CONTENT_LENGTH: null,
    MAX_FORM_MEMORY_SIZE: 500_000,
    MAX_FORM_PARTS: 1_000,
    MAX_JSON_DEPTH: 500,
    SEND_FILE_MAX_AGE_DEFAULT: null,
    TRAP_BAD_REQUEST_ERRORS: null,
    TRAP_HTTP_EXCEPTIONS: false,
    EXPLAIN_TEMPLATE_LOADING: false,
    PREFERRED_URL_SCHEME: 'http',
    TEMPLATES_AUTO_RELOAD: null,
    MAX_COOKIE_SIZE: 4093,
    TRUSTED_HOSTS: null,
    PROXY_FIX: null,
  };
}

/** Reads a config file's text into an object; `JSON.parse` is the built-in loader. */
export type ConfigFileLoader = (text: string) => unknown;

/** Thrown when a config source cannot be read or holds something that is not a mapping. */
export class ConfigError extends Error {
  override get name(): string {
    return 'ConfigError';
  }
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The application's configuration: Flask's keys as typed properties, plus any upper-case key you add.
 *
 * Only UPPER_CASE keys are taken from objects, files and the environment, as in Flask, so helper values in a
 * settings module stay out of the config.
 *
 * @example
 * app.config.SECRET_KEY = process.env.SECRET_KEY ?? null;
 * app.config.fromEnv();            // FLAGON_DEBUG=true → config.DEBUG === true
 * app.config.fromFile('config.json', JSON.parse, { silent: true });
 */
export class Config {
  readonly #rootPath: string;

  constructor(rootPath: string, defaults: Partial<ConfigValues> & Record<string, unknown> = {}) {
    this.#rootPath = rootPath;
    Object.assign(this, defaultConfig());
    this.fromMapping(defaults);
  }

  /** The value for `key`, or `fallback` when the key is unset. */
  get<K extends keyof ConfigValues>(key: K): ConfigValues[K];
  get(key: string, fallback?: unknown): unknown;
  get(key: string, fallback?: unknown): unknown {
    return Object.hasOwn(this, key) ? (this as unknown as Record<string, unknown>)[key] : fallback;
  }

  /** Sets one key. */
  set<K extends keyof ConfigValues>(key: K, value: ConfigValues[K]): void;
  set(key: string, value: unknown): void;
  set(key: string, value: unknown): void {
    if (FORBIDDEN_KEYS.has(key)) throw new ConfigError(`Config key ${JSON.stringify(key)} is not allowed.`);
    (this as unknown as Record<string, unknown>)[key] = value;
  }

  /** Copies the UPPER_CASE own properties of `source` (an object or a class's static fields). */
  fromObject(source: object): this {
    for (const key of Object.getOwnPropertyNames(source)) {
      if (isConfigKey(key)) this.set(key, (source as Record<string, unknown>)[key]);
    }
    return this;
  }

  /** Copies UPPER_CASE keys from a mapping (or `[key, value]` pairs). Lower-case keys are ignored, as in Flask. */
  fromMapping(mapping: Record<string, unknown> | Iterable<readonly [string, unknown]> = {}): this {
    const pairs =
      Symbol.iterator in mapping
        ? [...(mapping as Iterable<readonly [string, unknown]>)]
        : Object.entries(mapping);
    for (const [key, value] of pairs) if (isConfigKey(key)) this.set(key, value);
    return this;
  }

  /**
   * Loads a file relative to the root path (or the instance folder when the app uses `instanceRelativeConfig`)
   * with `loader` (`JSON.parse` by default; pass a TOML parser for `.toml`).
   *
   * @returns false when the file is missing and `silent` is set.
   * @throws ConfigError when the file is missing (unless silent) or does not hold a mapping.
   */
  fromFile(
    filename: string,
    loader: ConfigFileLoader = JSON.parse,
    options: { silent?: boolean } = {},
  ): boolean {
    const path = isAbsolute(filename) ? filename : join(this.#rootPath, filename);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (options.silent && (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR')) return false;
      throw new ConfigError(`Unable to load configuration file ${path} (${code ?? String(error)}).`, {
        cause: error,
      });
    }
    let data: unknown;
    try {
      data = loader(text);
    } catch (error) {
      throw new ConfigError(`Configuration file ${path} could not be parsed: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      throw new ConfigError(`Configuration file ${path} must hold an object of keys, not ${typeof data}.`);
    }
    this.fromMapping(data as Record<string, unknown>);
    return true;
  }

  /**
   * Loads every environment variable starting with `prefix` (the prefix is removed). Values are parsed as JSON
   * where they parse (`true`, `5000`, `["a"]`), else kept as strings. `__` nests into dicts, as in Flask.
   */
  fromEnv(prefix = 'FLAGON_', env: NodeJS.ProcessEnv = process.env): this {
    for (const name of Object.keys(env).sort()) {
      if (!name.startsWith(prefix)) continue;
      const raw = env[name];
      if (raw === undefined) continue;
      const key = name.slice(prefix.length);
      let value: unknown = raw;
      try {
        value = JSON.parse(raw);
      } catch {
        // Not JSON: keep the raw string, as Flask's from_prefixed_env does.
      }
      const parts = key.split('__');
      if (parts.some((p) => p === '' || FORBIDDEN_KEYS.has(p))) continue;
      if (parts.length === 1) {
        this.set(key, value);
        continue;
      }
      let target = this as unknown as Record<string, unknown>;
      for (const part of parts.slice(0, -1)) {
        const next = target[part];
        if (next === null || typeof next !== 'object') target[part] = Object.create(null);
        target = target[part] as Record<string, unknown>;
      }
      target[parts.at(-1) as string] = value;
    }
    return this;
  }

  /**
   * The keys that start with `namespace`, prefix removed and lower-cased (as Flask's `get_namespace`).
   * `getNamespace('IMAGE_STORE_')` → `{ type: 'fs', path: '/var/app/images' }`.
   */
  getNamespace(
    namespace: string,
    options: { lowercase?: boolean; trimNamespace?: boolean } = {},
  ): Record<string, unknown> {
    const { lowercase = true, trimNamespace = true } = options;
    const result: Record<string, unknown> = Object.create(null);
    for (const [key, value] of Object.entries(this)) {
      if (!key.startsWith(namespace)) continue;
      let name = trimNamespace ? key.slice(namespace.length) : key;
      if (lowercase) name = name.toLowerCase();
      result[name] = value;
    }
    return result;
  }

  /** A plain copy of every key, for display (`flagon shell`, the debug page). */
  toObject(): Record<string, unknown> {
    return Object.assign(Object.create(null), this);
  }
}

function isConfigKey(key: string): boolean {
  return key.length > 0 && key === key.toUpperCase() && /^[A-Z]/.test(key) && !FORBIDDEN_KEYS.has(key);
}

/** Config as the app exposes it: typed Flask keys plus any other upper-case key. */
export type AppConfig = Config & ConfigValues & Record<string, unknown>;
