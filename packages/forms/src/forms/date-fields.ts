/** Date, datetime-local and time inputs. */
import type { Markup } from 'flagon';
import { ValidationError } from './errors.ts';
import { FieldImpl, type FieldInit, type FieldOptions, type FieldSpec, type Output } from './field.ts';
import type { FormInput } from './form-input.ts';
import { type RenderKw, tag } from './html.ts';

type DateKind = 'date' | 'datetime-local' | 'time';
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

function utcDate(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): Date | null {
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Date.UTC rolls 2024-02-30 over to March; a real date maps back to the same fields.
  if (y < 1 || date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d)
    return null;
  if (h > 23 || mi > 59 || s > 59) return null;
  return date;
}

const pad = (n: number): string => String(n).padStart(2, '0');

class DateImpl extends FieldImpl<Date | string | null> {
  readonly type: string;
  readonly #kind: DateKind;

  constructor(init: FieldInit, options: FieldOptions<Date | string | null>, kind: DateKind) {
    super(init, options);
    this.#kind = kind;
    this.type = kind === 'date' ? 'DateField' : kind === 'time' ? 'TimeField' : 'DateTimeLocalField';
  }

  protected emptyValue(): null {
    return null;
  }

  protected processInput(input: FormInput): void {
    const raw = input.getAll(this.name);
    if (raw.length === 0) return;
    this.rawData = raw;
    const text = (raw[0] as string).trim();
    if (text === '') {
      this.data = null;
      return;
    }
    this.data = this.#parse(text);
    if (this.data === null) {
      const what = this.#kind === 'date' ? 'date' : this.#kind === 'time' ? 'time' : 'datetime';
      throw new ValidationError(`Not a valid ${what} value.`);
    }
  }

  #parse(text: string): Date | string | null {
    if (this.#kind === 'time') {
      const m = TIME.exec(text);
      if (m === null) return null;
      const [h, mi, s] = [Number(m[1]), Number(m[2]), m[3] === undefined ? undefined : Number(m[3])];
      if (h > 23 || mi > 59 || (s !== undefined && s > 59)) return null;
      return s === undefined ? `${pad(h)}:${pad(mi)}` : `${pad(h)}:${pad(mi)}:${pad(s)}`;
    }
    const m = (this.#kind === 'date' ? DATE : DATETIME).exec(text);
    if (m === null) return null;
    const n = m.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
    return utcDate(n[0] ?? 0, n[1] ?? 0, n[2] ?? 0, n[3], n[4], n[5]);
  }

  protected override format(data: Date | string | null): string {
    if (data === null || data === undefined) return '';
    if (typeof data === 'string') return data;
    if (!(data instanceof Date) || Number.isNaN(data.getTime())) return '';
    const day = `${data.getUTCFullYear()}-${pad(data.getUTCMonth() + 1)}-${pad(data.getUTCDate())}`;
    if (this.#kind === 'date') return day;
    const seconds = data.getUTCSeconds();
    return `${day}T${pad(data.getUTCHours())}:${pad(data.getUTCMinutes())}${seconds ? `:${pad(seconds)}` : ''}`;
  }

  protected widget(kw: RenderKw): Markup {
    return tag('input', { id: this.id, name: this.name, type: this.#kind, value: this.value(), ...kw });
  }
}

/** The spec of a DateImpl of `kind`, typed as the field's own data (`Date` or a time string). */
function dateSpec<T, O extends FieldOptions<T>>(
  kind: DateKind,
  options: O | undefined,
): FieldSpec<Output<T, O>> {
  return {
    options: (options ?? {}) as FieldOptions<Output<T, O>>,
    create: (init) =>
      new DateImpl(init, (options ?? {}) as FieldOptions<Date | string | null>, kind) as unknown as FieldImpl<
        Output<T, O>
      >,
  };
}

/** An `<input type="date">`; data is a `Date` at UTC midnight, or null. */
export function dateField<const O extends FieldOptions<Date | null>>(
  options?: O,
): FieldSpec<Output<Date | null, O>> {
  return dateSpec<Date | null, O>('date', options);
}

/** An `<input type="datetime-local">`; data is a `Date` holding the wall-clock time as UTC, or null. */
export function dateTimeLocalField<const O extends FieldOptions<Date | null>>(
  options?: O,
): FieldSpec<Output<Date | null, O>> {
  return dateSpec<Date | null, O>('datetime-local', options);
}

/** An `<input type="time">`; data is `'HH:MM'` (or `'HH:MM:SS'`), or null. */
export function timeField<const O extends FieldOptions<string | null>>(
  options?: O,
): FieldSpec<Output<string | null, O>> {
  return dateSpec<string | null, O>('time', options);
}
