import { isIPv4, isIPv6 } from 'node:net';
import type { FileStorage } from 'flagon';
import { implOf } from './bound-field.ts';
import { StopValidation, ValidationError } from './errors.ts';
import type { BoundField, Validator } from './field.ts';

function withFlags<T>(fn: Validator<T>, flags: Record<string, unknown>): Validator<T> {
  Object.defineProperty(fn, 'fieldFlags', { value: Object.freeze(flags) });
  return fn;
}

function clearErrors(field: BoundField<unknown>): void {
  implOf(field)?.clearErrors();
}

/** Options of validators that take only a message. */
export interface MessageOption {
  /** Replaces the default message. */
  message?: string;
}

/**
 * The field must have been sent with a non-empty value (WTForms' `InputRequired`): `0`, `false` (from JSON) and
 * `'0'` are values; a missing or empty input is not. Stops the field's other validators when it fails. Renders
 * the `required` attribute.
 */
export function inputRequired(options: MessageOption = {}): Validator<unknown> {
  return withFlags(
    (field) => {
      const raw = field.rawData;
      if (raw !== null && raw.length > 0 && raw[0] !== '') return;
      clearErrors(field);
      throw new StopValidation(options.message ?? 'This field is required.');
    },
    { required: true },
  );
}

/**
 * The data must be truthy (WTForms' `DataRequired`): refuses `0`, `false`, `''`, whitespace-only text and empty
 * lists. Prefer `inputRequired()` unless that is what you mean.
 */
export function dataRequired(options: MessageOption = {}): Validator<unknown> {
  return withFlags(
    (field) => {
      const data = field.data;
      const empty =
        data === null ||
        data === undefined ||
        data === false ||
        data === 0 ||
        (typeof data === 'string' && data.trim() === '') ||
        (Array.isArray(data) && data.length === 0);
      if (!empty) return;
      clearErrors(field);
      throw new StopValidation(options.message ?? 'This field is required.');
    },
    { required: true },
  );
}

/**
 * Allows the field to be left out or blank: then its errors are cleared and the other validators skipped
 * (WTForms' `Optional`).
 */
export function optional(options: { stripWhitespace?: boolean } = {}): Validator<unknown> {
  const strip = options.stripWhitespace ?? true;
  return withFlags(
    (field) => {
      const first = field.rawData?.[0];
      if (first === undefined || (strip ? first.trim() : first) === '') {
        clearErrors(field);
        throw new StopValidation('');
      }
    },
    { optional: true },
  );
}

/** Options of `length`. */
export interface LengthOptions extends MessageOption {
  min?: number;
  max?: number;
}

/**
 * The text must have between `min` and `max` characters (code points, as Python counts). Renders `minlength`
 * and `maxlength`.
 */
export function length(options: LengthOptions): Validator<unknown> {
  const min = options.min ?? -1;
  const max = options.max ?? -1;
  if (min === -1 && max === -1) throw new TypeError('length() needs min or max.');
  if (max !== -1 && min > max) throw new TypeError('length(): min cannot be more than max.');
  const flags: Record<string, unknown> = {};
  if (min !== -1) flags.minlength = min;
  if (max !== -1) flags.maxlength = max;
  return withFlags((field) => {
    const data = field.data;
    const count = typeof data === 'string' ? [...data].length : Array.isArray(data) ? data.length : 0;
    if (count >= min && (max === -1 || count <= max)) return;
    let message = options.message;
    if (message === undefined) {
      if (max === -1) message = `Field must be at least ${min} character${min === 1 ? '' : 's'} long.`;
      else if (min === -1) message = `Field cannot be longer than ${max} character${max === 1 ? '' : 's'}.`;
      else if (min === max) message = `Field must be exactly ${max} character${max === 1 ? '' : 's'} long.`;
      else message = `Field must be between ${min} and ${max} characters long.`;
    }
    throw new ValidationError(message);
  }, flags);
}

/** Options of `numberRange`. */
export interface NumberRangeOptions extends MessageOption {
  min?: number;
  max?: number;
}

/** The number must be within `min` and `max` (inclusive). Renders `min` and `max`. */
export function numberRange(options: NumberRangeOptions): Validator<unknown> {
  const { min, max } = options;
  const flags: Record<string, unknown> = {};
  if (min !== undefined) flags.min = min;
  if (max !== undefined) flags.max = max;
  return withFlags((field) => {
    const data = field.data;
    const ok =
      typeof data === 'number' &&
      !Number.isNaN(data) &&
      (min === undefined || data >= min) &&
      (max === undefined || data <= max);
    if (ok) return;
    let message = options.message;
    if (message === undefined) {
      if (max === undefined) message = `Number must be at least ${min}.`;
      else if (min === undefined) message = `Number must be at most ${max}.`;
      else message = `Number must be between ${min} and ${max}.`;
    }
    throw new ValidationError(message);
  }, flags);
}

/** The field must equal another field of the form (a password confirmation). */
export function equalTo(fieldName: string, options: MessageOption = {}): Validator<unknown> {
  return (field, form) => {
    const other = form.field(fieldName);
    if (other === undefined) throw new ValidationError(`Invalid field name '${fieldName}'.`);
    if (field.data === other.data) return;
    throw new ValidationError(options.message ?? `Field must be equal to ${fieldName}.`);
  };
}

/** The text must match `pattern` from its start (as Python's `re.match`). */
export function regexp(pattern: RegExp | string, options: MessageOption = {}): Validator<unknown> {
  const source = typeof pattern === 'string' ? pattern : pattern.source;
  const flags = typeof pattern === 'string' ? '' : pattern.flags.replace(/[gy]/g, '');
  const anchored = new RegExp(`^(?:${source})`, flags);
  return (field) => {
    const data = field.data;
    if (typeof data === 'string' && anchored.test(data)) return;
    throw new ValidationError(options.message ?? 'Invalid input.');
  };
}

// A pragmatic address check: one @, no spaces, a dotted domain of valid labels, and the RFC length limits.
const LOCAL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+$/;
const DOMAIN_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

/** The text must be an email address. */
export function email(options: MessageOption = {}): Validator<unknown> {
  return (field) => {
    const data = field.data;
    if (typeof data === 'string' && data.length <= 254) {
      const at = data.lastIndexOf('@');
      const local = data.slice(0, at);
      const domain = data.slice(at + 1);
      const labels = domain.split('.');
      if (
        at > 0 &&
        local.length <= 64 &&
        LOCAL.test(local) &&
        !local.startsWith('.') &&
        !local.endsWith('.') &&
        !local.includes('..') &&
        labels.length >= 2 &&
        labels.every((l) => DOMAIN_LABEL.test(l))
      ) {
        return;
      }
    }
    throw new ValidationError(options.message ?? 'Invalid email address.');
  };
}

/** The text must be a URL with a scheme and a host (with a top-level domain unless `requireTld: false`). */
export function url(options: MessageOption & { requireTld?: boolean } = {}): Validator<unknown> {
  const requireTld = options.requireTld ?? true;
  return (field) => {
    const data = field.data;
    if (typeof data === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(data)) {
      try {
        const parsed = new URL(data);
        const host = parsed.hostname;
        const hasTld = /\.[a-z]{2,63}$/i.test(host) || isIPv4(host) || host.startsWith('[');
        if (host !== '' && (!requireTld || hasTld || host === 'localhost')) return;
      } catch {
        // Falls through to the error below.
      }
    }
    throw new ValidationError(options.message ?? 'Invalid URL.');
  };
}

/** The text must be an IP address: IPv4 by default, IPv6 with `ipv6: true`. */
export function ipAddress(
  options: MessageOption & { ipv4?: boolean; ipv6?: boolean } = {},
): Validator<unknown> {
  const v4 = options.ipv4 ?? true;
  const v6 = options.ipv6 ?? false;
  if (!v4 && !v6) throw new TypeError('ipAddress() needs ipv4 or ipv6 (or both) to be true.');
  return (field) => {
    const data = field.data;
    if (typeof data === 'string' && ((v4 && isIPv4(data)) || (v6 && isIPv6(data)))) return;
    throw new ValidationError(options.message ?? 'Invalid IP address.');
  };
}

const UUID = /^(?:urn:uuid:)?\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i;

/** The text must be a UUID. */
export function uuid(options: MessageOption = {}): Validator<unknown> {
  return (field) => {
    if (typeof field.data === 'string' && UUID.test(field.data)) return;
    throw new ValidationError(options.message ?? 'Invalid UUID.');
  };
}

/** The data must be one of `values`. */
export function anyOf(values: readonly unknown[], options: MessageOption = {}): Validator<unknown> {
  return (field) => {
    if (values.includes(field.data)) return;
    throw new ValidationError(options.message ?? `Invalid value, must be one of: ${values.join(', ')}.`);
  };
}

/** The data must not be any of `values`. */
export function noneOf(values: readonly unknown[], options: MessageOption = {}): Validator<unknown> {
  return (field) => {
    if (!values.includes(field.data)) return;
    throw new ValidationError(options.message ?? `Invalid value, can't be any of: ${values.join(', ')}.`);
  };
}

// ---- files (Flask-WTF's file validators) -----------------------------------------------------------------

function filesOf(data: unknown): FileStorage[] {
  if (Array.isArray(data)) return data as FileStorage[];
  return data === null || data === undefined ? [] : [data as FileStorage];
}

/** A file must have been uploaded (Flask-WTF's `FileRequired`). Renders `required`. */
export function fileRequired(options: MessageOption = {}): Validator<unknown> {
  return withFlags(
    (field) => {
      if (filesOf(field.data).length > 0) return;
      clearErrors(field);
      throw new StopValidation(options.message ?? 'This field is required.');
    },
    { required: true },
  );
}

/**
 * Uploaded files must have one of these extensions (Flask-WTF's `FileAllowed`), compared case-insensitively.
 * Renders an `accept` attribute. The extension is the client's claim: check the content where it matters.
 */
export function fileAllowed(extensions: readonly string[], options: MessageOption = {}): Validator<unknown> {
  const allowed = extensions.map((e) => e.replace(/^\./, '').toLowerCase());
  return withFlags(
    (field) => {
      for (const file of filesOf(field.data)) {
        const name = file.filename ?? '';
        const dot = name.lastIndexOf('.');
        const ext = dot === -1 ? '' : name.slice(dot + 1).toLowerCase();
        if (!allowed.includes(ext)) {
          throw new StopValidation(
            options.message ?? `File does not have an approved extension: ${allowed.join(', ')}`,
          );
        }
      }
    },
    { accept: allowed.map((e) => `.${e}`).join(',') },
  );
}

/** Uploaded files must be between `min` (default 0) and `max` bytes (Flask-WTF's `FileSize`). */
export function fileSize(options: MessageOption & { min?: number; max: number }): Validator<unknown> {
  const min = options.min ?? 0;
  return (field) => {
    for (const file of filesOf(field.data)) {
      if (file.size < min || file.size > options.max) {
        throw new StopValidation(
          options.message ?? `File size must be between ${min} and ${options.max} bytes.`,
        );
      }
    }
  };
}
