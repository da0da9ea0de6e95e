import type { FileStorage, Markup } from 'flagon';
import { ValidationError } from './errors.ts';
import { type BoundField, FieldImpl, type FieldInit, type FieldOptions, type FieldSpec } from './field.ts';
import type { FormInput } from './form-input.ts';
import { esc, type RenderKw, tag } from './html.ts';
import type { InferSchemaOutput, StandardSchemaV1 } from './standard-schema.ts';

/** The data type of a field: `Base`, or the output of its `schema` when one is given. */
export type Output<Base, O> = O extends { schema: infer S extends StandardSchemaV1 }
  ? InferSchemaOutput<S>
  : Base;

// ---- text inputs ----------------------------------------------------------------------------------------

class InputImpl extends FieldImpl<string> {
  readonly type: string;
  readonly #inputType: string;
  readonly #hideValue: boolean;

  constructor(init: FieldInit, options: FieldOptions<string>, type: string, inputType: string, hide = false) {
    super(init, options);
    this.type = type;
    this.#inputType = inputType;
    this.#hideValue = hide;
  }

  protected emptyValue(): string {
    return '';
  }

  protected override coerceData(value: unknown): string {
    return value === null || value === undefined ? '' : String(value);
  }

  protected processInput(input: FormInput): void {
    const raw = input.getAll(this.name);
    if (raw.length === 0) return;
    this.rawData = raw;
    this.data = raw[0] as string;
  }

  protected override flagAttributes(): RenderKw {
    const attrs = super.flagAttributes();
    const flags = this.flags;
    if (typeof flags.maxlength === 'number') attrs.maxlength = flags.maxlength;
    if (typeof flags.minlength === 'number') attrs.minlength = flags.minlength;
    return attrs;
  }

  protected widget(kw: RenderKw): Markup {
    if (this.#inputType === 'textarea') {
      // The leading newline is eaten by HTML parsers, so a value starting with one survives (as in WTForms).
      return tag('textarea', { id: this.id, name: this.name, ...kw }, `\r\n${esc(this.value())}`);
    }
    const value = this.#hideValue ? '' : this.value();
    return tag('input', { id: this.id, name: this.name, type: this.#inputType, value, ...kw });
  }
}

function textField(type: string, inputType: string, hide = false) {
  return <const O extends FieldOptions<string>>(options?: O): FieldSpec<Output<string, O>> => ({
    options: (options ?? {}) as FieldOptions<Output<string, O>>,
    create: (init) =>
      new InputImpl(
        init,
        (options ?? {}) as FieldOptions<string>,
        type,
        inputType,
        hide,
      ) as unknown as FieldImpl<Output<string, O>>,
  });
}

/** A text input; data is the submitted string (`''` when nothing was sent). */
export const stringField = textField('StringField', 'text');
/** A `<textarea>`; data is a string. */
export const textAreaField = textField('TextAreaField', 'textarea');
/** A password input: its value is never rendered back into the page. */
export const passwordField = textField('PasswordField', 'password', true);
/** A hidden input, rendered by `form.hiddenTag()`. */
export const hiddenField = textField('HiddenField', 'hidden');
/** An `<input type="email">`; add `email()` to validate the address. */
export const emailField = textField('EmailField', 'email');
/** An `<input type="url">`; add `url()` to validate it. */
export const urlField = textField('URLField', 'url');
/** An `<input type="tel">`. */
export const telField = textField('TelField', 'tel');
/** An `<input type="search">`. */
export const searchField = textField('SearchField', 'search');

// ---- numbers --------------------------------------------------------------------------------------------

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

type NumberKind = 'integer' | 'decimal' | 'float';

/** Options of the number fields. */
export interface NumberFieldOptions extends FieldOptions<number | null> {
  /** Decimal places shown when rendering a `decimalField`'s data. Default 2. */
  places?: number;
}

class NumberImpl extends FieldImpl<number | null> {
  readonly type: string;
  readonly #kind: NumberKind;

  constructor(init: FieldInit, options: NumberFieldOptions, kind: NumberKind) {
    super(init, options);
    this.#kind = kind;
    this.type = kind === 'integer' ? 'IntegerField' : kind === 'decimal' ? 'DecimalField' : 'FloatField';
  }

  protected emptyValue(): number | null {
    return null;
  }

  protected override coerceData(value: unknown): number | null {
    const n =
      typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) : NaN;
    return Number.isFinite(n) ? n : null;
  }

  protected processInput(input: FormInput): void {
    const raw = input.getAll(this.name);
    if (raw.length === 0) return;
    this.rawData = raw;
    const text = (raw[0] as string).trim();
    // A blank input is no number: `inputRequired()` says so when one is needed.
    if (text === '') {
      this.data = null;
      return;
    }
    const n = Number(text);
    if (this.#kind === 'integer') {
      if (text.length > 20 || !INTEGER.test(text) || !Number.isSafeInteger(n)) {
        this.data = null;
        throw new ValidationError('Not a valid integer value.');
      }
    } else if (
      text.length > 64 ||
      !(this.#kind === 'decimal' ? DECIMAL : FLOAT).test(text) ||
      !Number.isFinite(n)
    ) {
      this.data = null;
      throw new ValidationError(`Not a valid ${this.#kind} value.`);
    }
    this.data = n;
  }

  protected override format(data: number | null): string {
    if (data === null) return '';
    if (this.#kind === 'decimal') return data.toFixed((this.options as NumberFieldOptions).places ?? 2);
    return String(data);
  }

  protected override flagAttributes(): RenderKw {
    const attrs = super.flagAttributes();
    const flags = this.flags;
    if (typeof flags.min === 'number') attrs.min = flags.min;
    if (typeof flags.max === 'number') attrs.max = flags.max;
    return attrs;
  }

  protected widget(kw: RenderKw): Markup {
    const step = this.#kind === 'integer' ? undefined : 'any';
    return tag('input', { id: this.id, name: this.name, type: 'number', step, value: this.value(), ...kw });
  }
}

function numberField(kind: NumberKind) {
  return <const O extends NumberFieldOptions>(options?: O): FieldSpec<Output<number | null, O>> => ({
    options: (options ?? {}) as FieldOptions<Output<number | null, O>>,
    create: (init) =>
      new NumberImpl(init, options ?? {}, kind) as unknown as FieldImpl<Output<number | null, O>>,
  });
}

/** An `<input type="number">` holding a whole number; data is `number | null` (null when blank). */
export const integerField = numberField('integer');
/** A decimal number (no exponent); data is `number | null`, rendered with `places` decimals. */
export const decimalField = numberField('decimal');
/** A floating-point number; data is `number | null`. */
export const floatField = numberField('float');

// ---- boolean and submit -----------------------------------------------------------------------------------

/** Options of `booleanField`. */
export interface BooleanFieldOptions extends FieldOptions<boolean> {
  /** Submitted values that mean false. Default `['false', '']` (as WTForms). */
  falseValues?: readonly string[];
}

class BooleanImpl extends FieldImpl<boolean> {
  readonly type: string;
  readonly #submit: boolean;

  constructor(init: FieldInit, options: BooleanFieldOptions, submit: boolean) {
    super(init, options);
    this.#submit = submit;
    this.type = submit ? 'SubmitField' : 'BooleanField';
  }

  protected emptyValue(): boolean {
    return false;
  }

  protected override coerceData(value: unknown): boolean {
    return Boolean(value);
  }

  protected processInput(input: FormInput): void {
    const raw = input.getAll(this.name);
    // An unchecked checkbox sends nothing, so absence means false.
    this.rawData = raw.length === 0 ? null : raw;
    const falseValues = (this.options as BooleanFieldOptions).falseValues ?? ['false', ''];
    this.data = raw.length > 0 && !falseValues.includes(raw[0] as string);
  }

  protected widget(kw: RenderKw): Markup {
    if (this.#submit)
      return tag('input', { id: this.id, name: this.name, type: 'submit', value: this.labelText, ...kw });
    return tag('input', {
      checked: this.data === true,
      id: this.id,
      name: this.name,
      type: 'checkbox',
      value: 'y',
      ...kw,
    });
  }
}

/** A checkbox; data is `boolean`. `inputRequired()` makes it one that must be checked. */
export function booleanField<const O extends BooleanFieldOptions>(
  options?: O,
): FieldSpec<Output<boolean, O>> {
  return {
    options: (options ?? {}) as FieldOptions<Output<boolean, O>>,
    create: (init) => new BooleanImpl(init, options ?? {}, false) as unknown as FieldImpl<Output<boolean, O>>,
  };
}

/** A submit button; data is true when this button sent the form. */
export function submitField<const O extends FieldOptions<boolean>>(options?: O): FieldSpec<boolean> {
  return {
    options: (options ?? {}) as FieldOptions<boolean>,
    create: (init) => new BooleanImpl(init, options ?? {}, true),
  };
}

// ---- dates and times -------------------------------------------------------------------------------------

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

/** An `<input type="date">`; data is a `Date` at UTC midnight, or null. */
export function dateField<const O extends FieldOptions<Date | null>>(
  options?: O,
): FieldSpec<Output<Date | null, O>> {
  return {
    options: (options ?? {}) as FieldOptions<Output<Date | null, O>>,
    create: (init) =>
      new DateImpl(
        init,
        (options ?? {}) as FieldOptions<Date | string | null>,
        'date',
      ) as unknown as FieldImpl<Output<Date | null, O>>,
  };
}

/** An `<input type="datetime-local">`; data is a `Date` holding the wall-clock time as UTC, or null. */
export function dateTimeLocalField<const O extends FieldOptions<Date | null>>(
  options?: O,
): FieldSpec<Output<Date | null, O>> {
  return {
    options: (options ?? {}) as FieldOptions<Output<Date | null, O>>,
    create: (init) =>
      new DateImpl(
        init,
        (options ?? {}) as FieldOptions<Date | string | null>,
        'datetime-local',
      ) as unknown as FieldImpl<Output<Date | null, O>>,
  };
}

/** An `<input type="time">`; data is `'HH:MM'` (or `'HH:MM:SS'`), or null. */
export function timeField<const O extends FieldOptions<string | null>>(
  options?: O,
): FieldSpec<Output<string | null, O>> {
  return {
    options: (options ?? {}) as FieldOptions<Output<string | null, O>>,
    create: (init) =>
      new DateImpl(
        init,
        (options ?? {}) as FieldOptions<Date | string | null>,
        'time',
      ) as unknown as FieldImpl<Output<string | null, O>>,
  };
}

// ---- files -----------------------------------------------------------------------------------------------

class FileImpl extends FieldImpl<FileStorage | FileStorage[] | null> {
  readonly type: string;
  readonly #multiple: boolean;

  constructor(init: FieldInit, options: FieldOptions<FileStorage | FileStorage[] | null>, multiple: boolean) {
    super(init, options);
    this.#multiple = multiple;
    this.type = multiple ? 'MultipleFileField' : 'FileField';
  }

  protected emptyValue(): FileStorage[] | null {
    return this.#multiple ? [] : null;
  }

  protected processInput(input: FormInput): void {
    // Browsers send an empty part with no file name when no file was chosen: that is no file.
    const files = input.getFiles(this.name).filter((f) => f.filename !== null && f.filename !== '');
    this.rawData = files.length === 0 ? null : files.map((f) => f.filename as string);
    this.data = this.#multiple ? files : (files[0] ?? null);
  }

  override value(): string {
    return '';
  }

  protected override flagAttributes(): RenderKw {
    const attrs = super.flagAttributes();
    const accept = this.flags.accept;
    if (typeof accept === 'string') attrs.accept = accept;
    return attrs;
  }

  protected widget(kw: RenderKw): Markup {
    return tag('input', { id: this.id, multiple: this.#multiple, name: this.name, type: 'file', ...kw });
  }
}

/** An `<input type="file">`; data is the uploaded `FileStorage`, or null. The form needs `enctype="multipart/form-data"`. */
export function fileField(options?: FieldOptions<FileStorage | null>): FieldSpec<FileStorage | null> {
  return {
    options: options ?? {},
    create: (init) =>
      new FileImpl(
        init,
        (options ?? {}) as FieldOptions<FileStorage | FileStorage[] | null>,
        false,
      ) as FieldImpl<FileStorage | null>,
  };
}

/** An `<input type="file" multiple>`; data is the uploaded files (an empty array when none). */
export function multipleFileField(options?: FieldOptions<FileStorage[]>): FieldSpec<FileStorage[]> {
  return {
    options: options ?? {},
    create: (init) =>
      new FileImpl(
        init,
        (options ?? {}) as FieldOptions<FileStorage | FileStorage[] | null>,
        true,
      ) as FieldImpl<FileStorage[]>,
  };
}

/** A field whose bound object is a plain `BoundField`. */
export type SimpleField<T> = FieldSpec<T, BoundField<T>>;
