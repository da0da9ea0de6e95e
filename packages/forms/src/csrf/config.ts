import type { Flagon } from 'flagon';

/** The WTF_CSRF_* settings with Flask-WTF's defaults, read from an app's config. */
export interface CsrfSettings {
  readonly enabled: boolean;
  readonly checkDefault: boolean;
  readonly methods: ReadonlySet<string>;
  readonly fieldName: string;
  readonly headers: readonly string[];
  /** Seconds a token stays valid; null for as long as the session lasts. */
  readonly timeLimit: number | null;
  readonly sslStrict: boolean;
  readonly trustedOrigins: readonly string[];
}

/** The defaults Flask-WTF 1.1 applies in `CSRFProtect.init_app`. */
export const CSRF_DEFAULTS = {
  WTF_CSRF_ENABLED: true,
  WTF_CSRF_CHECK_DEFAULT: true,
  WTF_CSRF_METHODS: ['POST', 'PUT', 'PATCH', 'DELETE'],
  WTF_CSRF_FIELD_NAME: 'csrf_token',
  WTF_CSRF_HEADERS: ['X-CSRFToken', 'X-CSRF-Token'],
  WTF_CSRF_TIME_LIMIT: 3600,
  WTF_CSRF_SSL_STRICT: true,
  WTF_CSRF_TRUSTED_ORIGINS: [] as string[],
} as const;

function listOf(value: unknown, fallback: readonly string[]): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) || value instanceof Set) return [...value].map(String);
  return [...fallback];
}

/** The app's CSRF settings; unset keys take Flask-WTF's defaults. */
export function csrfSettings(app: Flagon): CsrfSettings {
  const config = app.config;
  const get = (key: keyof typeof CSRF_DEFAULTS): unknown => config.get(key, CSRF_DEFAULTS[key]);
  const limit = get('WTF_CSRF_TIME_LIMIT');
  return {
    enabled: get('WTF_CSRF_ENABLED') !== false,
    checkDefault: get('WTF_CSRF_CHECK_DEFAULT') !== false,
    methods: new Set(
      listOf(get('WTF_CSRF_METHODS'), CSRF_DEFAULTS.WTF_CSRF_METHODS).map((m) => m.toUpperCase()),
    ),
    fieldName: String(get('WTF_CSRF_FIELD_NAME') || 'csrf_token'),
    headers: listOf(get('WTF_CSRF_HEADERS'), CSRF_DEFAULTS.WTF_CSRF_HEADERS),
    timeLimit: limit === null || limit === undefined || limit === false ? null : Number(limit),
    sslStrict: get('WTF_CSRF_SSL_STRICT') !== false,
    trustedOrigins: listOf(get('WTF_CSRF_TRUSTED_ORIGINS'), []),
  };
}

declare module 'flagon' {
  /** The config keys @flagon/forms reads (all optional: unset keys take Flask-WTF's defaults). */
  interface ConfigValues {
    WTF_CSRF_ENABLED?: boolean;
    WTF_CSRF_CHECK_DEFAULT?: boolean;
    WTF_CSRF_METHODS?: readonly string[];
    WTF_CSRF_FIELD_NAME?: string;
    WTF_CSRF_HEADERS?: readonly string[];
    WTF_CSRF_TIME_LIMIT?: number | null;
    WTF_CSRF_SECRET_KEY?: string | Uint8Array | null;
    WTF_CSRF_SECRET_KEY_FALLBACKS?: Array<string | Uint8Array>;
    WTF_CSRF_SSL_STRICT?: boolean;
    WTF_CSRF_TRUSTED_ORIGINS?: readonly string[];
  }
}
