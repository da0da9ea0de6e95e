import type { LazyString } from 'flagon';
import { Markup } from 'flagon';
import { makeBound } from './bound-field.ts';
import { StopValidation, ValidationError } from './errors.ts';
import type { BoundField, FieldState } from './field-types.ts';
import type { FormInput } from './form-input.ts';
import { esc, mergeKw, type RenderKw, tag } from './html.ts';
import { type InferSchemaOutput, runSchema, type StandardSchemaV1 } from './standard-schema.ts';

export type { BoundField, Label } from './field-types.ts';

/** The data type of a field: `Base`, or the output of its `schema` when one is given. */
export type Output<Base, O> = O extends { schema: infer S extends StandardSchemaV1 }
  ? InferSchemaOutput<S>
  : Base;

/** What a validator sees of the form: its fields by name (for `equalTo`) and its data. */
export interface FormView {
  /** A field of this form by its short name, or undefined. */
  field(name: string): BoundField | undefined;
  readonly data: unknown;
}

/**
 * A validator: receives the bound field (and the form) and rejects the value by throwing `ValidationError`
 * (or `StopValidation` to skip the rest), or by returning a message. May be async, e.g. a uniqueness check
 * against the database. `fieldFlags` become HTML attributes (`required`, `maxlength`, `min`, …).
 *
 * Differs from WTForms: the field comes first, `(field, form)`, since most validators need only the field.
 */
export type Validator<T = unknown> = ((
  field: BoundField<T>,
  form: FormView,
) => string | undefined | void | Promise<string | undefined | void>) & {
  readonly fieldFlags?: Readonly<Record<string, unknown>>;
};

/** Options every field takes. */
export interface FieldOptions<T> {
  /**
   * The label text. Default: the field name with `_` as spaces, capitalized (`first_name` → `First name`). A
   * `lazyGettext(…)` string translates in each request's locale, as Flask-WTF's labels do.
   */
  label?: string | LazyString;
  /** Run in order on `validate()`; see `inputRequired`, `length`, … */
  validators?: readonly Validator<T>[];
  /** A Standard Schema validator (zod, valibot, arktype) run after the validators; its output becomes the data. */
  schema?: StandardSchemaV1;
  /** The value before anything is submitted (or a function giving it). */
  default?: T | (() => T);
  /** Help text, shown by the `render_field` macro (a `lazyGettext(…)` string translates per request). */
  description?: string | LazyString;
  /** Attributes added to the rendered element: `{ class: 'input', placeholder: 'Title' }`. */
  renderKw?: RenderKw;
  /** The element's id. Default: the field's full name. */
  id?: string;
  /** Functions applied to the data after it is read (WTForms' filters), e.g. `(s) => s.trim()`. */
  filters?: readonly ((value: T) => T)[];
}

/** Where a field is bound: its name, prefix and the form it belongs to. */
export interface FieldInit {
  readonly shortName: string;
  /** The form's prefix including the separator (`'address-'`), or `''`. */
  readonly prefix: string;
  readonly form: FormView;
}

/** A declared field: `stringField({...})`. `T` is its data type; `B` what it becomes in a bound form. */
export interface FieldSpec<T = unknown, B = BoundField<T>> {
  readonly options: FieldOptions<T>;
  /** Creates the field's state for one form instance. */
  readonly create: (init: FieldInit) => FieldImpl<T>;
  /** Type-level only: never set. */
  readonly __types?: { readonly data: T; readonly bound: B };
}

/** The data type of a declared field. */
// biome-ignore lint/suspicious/noExplicitAny: FieldSpec is invariant in its data type (defaults, filters)
export type DataOf<S> = S extends FieldSpec<infer T, any> ? T : never;
/** The bound type of a declared field. */
// biome-ignore lint/suspicious/noExplicitAny: as above
export type BoundOf<S> = S extends FieldSpec<any, infer B> ? B : never;

function defaultLabel(name: string): string {
  const words = name.replaceAll('_', ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The state and behaviour of one bound field; subclasses are the field kinds. */
export abstract class FieldImpl<T = unknown> implements FieldState<T> {
  readonly shortName: string;
  readonly name: string;
  readonly id: string;
  readonly owner: FormView;
  readonly options: FieldOptions<T>;
  labelText: string;
  /** The data; composite fields override the accessors. */
  protected current: T = undefined as T;
  rawData: string[] | null = null;
  errors: string[] = [];
  processErrors: string[] = [];
  #bound: BoundField<T> | undefined;

  /** The WTForms class name of the field. */
  abstract readonly type: string;

  constructor(init: FieldInit, options: FieldOptions<T>) {
    this.shortName = init.shortName;
    this.name = `${init.prefix}${init.shortName}`;
    this.id = options.id ?? this.name;
    this.owner = init.form;
    this.options = options;
    // Fields are made per form, so a lazy label is translated in the request that made the form.
    this.labelText = options.label === undefined ? defaultLabel(init.shortName) : String(options.label);
  }

  get data(): T {
    return this.current;
  }

  set data(value: T) {
    this.current = value;
  }

  /** The data when there is no default and nothing was submitted. */
  protected abstract emptyValue(): T;

  /** Reads the submitted values into `data`; throws `ValidationError` when they do not convert. */
  protected abstract processInput(input: FormInput): void;

  /** The element's HTML. */
  protected abstract widget(kw: RenderKw): Markup;

  /** The default, or the object's value (`obj`/`data` given to the form) when there is one. */
  processData(value: unknown): void {
    if (value !== undefined) {
      this.data = this.coerceData(value);
      return;
    }
    const dflt = this.options.default;
    this.data =
      dflt === undefined ? this.emptyValue() : typeof dflt === 'function' ? (dflt as () => T)() : dflt;
  }

  /** Turns a value from an object or `data` into this field's data type. */
  protected coerceData(value: unknown): T {
    return value as T;
  }

  /** Binds submitted input: conversion failures become process errors, then the filters run. */
  process(input: FormInput | null, value: unknown): void {
    this.processErrors = [];
    this.processData(value);
    if (input !== null) {
      try {
        this.processInput(input);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        this.processErrors.push(error.message);
      }
    }
    for (const filter of this.options.filters ?? []) this.data = filter(this.data);
  }

  /** The value attribute when rendering: what was submitted, else the data formatted. */
  value(): string {
    if (this.rawData !== null && this.rawData.length > 0) return this.rawData.join(' ');
    return this.format(this.data);
  }

  protected format(data: T): string {
    return data === null || data === undefined ? '' : String(data);
  }

  get flags(): Record<string, unknown> {
    const flags: Record<string, unknown> = Object.create(null);
    for (const validator of this.options.validators ?? []) Object.assign(flags, validator.fieldFlags);
    return flags;
  }

  /** Attributes from the flags that HTML understands on this element. */
  protected flagAttributes(): RenderKw {
    const attrs: RenderKw = Object.create(null);
    const flags = this.flags;
    if (flags.required === true) attrs.required = true;
    return attrs;
  }

  /** The element with `renderKw` merged over the declared attributes. */
  render(kw?: RenderKw): Markup {
    return this.widget(mergeKw(mergeKw(this.flagAttributes(), this.options.renderKw), kw));
  }

  /**
   * Runs the validators (and the field's schema); true when there are no errors. Conversion errors stop the
   * chain: a value that is not a number has nothing for `numberRange` to check.
   */
  async validate(extra: readonly Validator<T>[] = []): Promise<boolean> {
    this.errors = [...this.processErrors];
    if (this.errors.length > 0) return false;
    let stopped = false;
    for (const validator of [...(this.options.validators ?? []), ...extra]) {
      try {
        const message = await validator(this.bound, this.owner);
        if (typeof message === 'string' && message !== '') this.errors.push(message);
      } catch (error) {
        if (error instanceof StopValidation) {
          if (error.message !== '') this.errors.push(error.message);
          stopped = true;
          break;
        }
        if (error instanceof ValidationError) this.errors.push(error.message);
        else throw error;
      }
    }
    if (!stopped && this.errors.length === 0 && this.options.schema !== undefined) {
      const outcome = await runSchema(this.options.schema, this.data);
      if (outcome.ok) this.data = outcome.value as T;
      else for (const issue of outcome.issues) this.errors.push(issue.message);
    }
    return this.errors.length === 0;
  }

  /** Adds this field's errors (and its children's) to `out`, keyed by name without the form's prefix. */
  collectErrors(out: Record<string, string[]>, prefixLength: number): void {
    if (this.errors.length > 0) out[this.name.slice(prefixLength)] = this.errors;
  }

  /** Clears the errors, for `optional()` (WTForms' `field.errors[:] = []`). */
  clearErrors(): void {
    this.errors.length = 0;
  }

  /** The callable object templates and code see. */
  get bound(): BoundField<T> {
    this.#bound ??= makeBound(this);
    return this.#bound;
  }

  label(text?: string | RenderKw, kw?: RenderKw): Markup {
    const attrs = typeof text === 'object' && text !== null ? text : kw;
    const shown = typeof text === 'string' ? text : this.labelText;
    return tag('label', mergeKw({ for: this.id }, attrs), esc(shown));
  }

  /**
   * Extra members of this kind's bound object (`choices`, `form`, `entries`, …): descriptors put on a prototype
   * shared by every field with the same `protoKey()`, so they read the state with `stateOf(this)`.
   */
  extraMembers(): Record<string, PropertyDescriptor> {
    return {};
  }

  /** Fields with the same key share the prototype holding `extraMembers()`. */
  protoKey(): object {
    return this.constructor;
  }
}

/** Markup for several pieces. */
export function joinMarkup(parts: readonly (Markup | string)[], separator = ''): Markup {
  return new Markup(parts.map((p) => p.toString()).join(separator));
}
