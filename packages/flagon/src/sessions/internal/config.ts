/** Reading session settings from `app.config`, with Flask's defaults when a key is missing. */

import { SessionConfigError } from '../errors.ts';

type Config = Readonly<Record<string, unknown>>;

/** A boolean setting; missing means `fallback`. @throws SessionConfigError for a non-boolean. */
export function configBoolean(config: Config, key: string, fallback: boolean): boolean {
  const value = config[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') {
    throw new SessionConfigError(`${key} must be true or false, not ${describe(value)}.`);
  }
  return value;
}

/** A string setting where null, false and '' mean "not set". @throws SessionConfigError for other types. */
export function configOptionalString(config: Config, key: string): string | null {
  const value = config[key];
  if (value === undefined || value === null || value === false || value === '') return null;
  if (typeof value !== 'string')
    throw new SessionConfigError(`${key} must be a string or null, not ${describe(value)}.`);
  return value;
}

/** A number of seconds; missing means `fallback`. @throws SessionConfigError unless it is finite and >= 0. */
export function configSeconds(config: Config, key: string, fallback: number): number {
  const value = config[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new SessionConfigError(`${key} must be a number of seconds (0 or more), not ${describe(value)}.`);
  }
  return value;
}

/** `SESSION_COOKIE_SAMESITE`, normalised to `'Strict' | 'Lax' | 'None'`, or null for no attribute. */
export function configSameSite(
  config: Config,
  key: string,
  fallback: 'Lax',
): 'Strict' | 'Lax' | 'None' | null {
  const value = key in config ? config[key] : fallback;
  if (value === undefined || value === null || value === false || value === '') return null;
  const normalised = typeof value === 'string' ? value.toLowerCase() : undefined;
  if (normalised === 'strict') return 'Strict';
  if (normalised === 'lax') return 'Lax';
  if (normalised === 'none') return 'None';
  throw new SessionConfigError(`${key} must be 'Strict', 'Lax', 'None' or null, not ${describe(value)}.`);
}

/** A secret key (text or bytes), or null when unset or empty. @throws SessionConfigError for other types. */
export function configSecret(config: Config, key: string): string | Uint8Array | null {
  return toSecret(config[key], key);
}

function toSecret(value: unknown, key: string): string | Uint8Array | null {
  if (value === undefined || value === null || value === '' || value === false) return null;
  if (value instanceof Uint8Array) return value.length === 0 ? null : value;
  if (typeof value === 'string') return value;
  throw new SessionConfigError(`${key} must be a string or bytes, not ${describe(value)}.`);
}

/** A list of secret keys (`SECRET_KEY_FALLBACKS`); empty entries are skipped. */
export function configSecretList(config: Config, key: string): Array<string | Uint8Array> {
  const value = config[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    throw new SessionConfigError(`${key} must be a list of keys, not ${describe(value)}.`);
  return value.flatMap((item, index) => {
    const secret = toSecret(item, `${key}[${index}]`);
    return secret === null ? [] : [secret];
  });
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'a list' : `a ${value.constructor?.name ?? 'object'}`;
}
