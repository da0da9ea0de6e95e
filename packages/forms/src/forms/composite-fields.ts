import type { Markup } from 'flagon';
import { stateOf } from './bound-field.ts';
import {
  type BoundField,
  type BoundOf,
  type DataOf,
  FieldImpl,
  type FieldInit,
  type FieldOptions,
  type FieldSpec,
  type Validator,
} from './field.ts';
import type { BaseForm, Fields, Form, FormClass } from './form.ts';
import type { FormInput } from './form-input.ts';
import { type RenderKw, tag } from './html.ts';

/** Options of `formField`. */
export interface FormFieldOptions<D> extends Omit<FieldOptions<D>, 'schema' | 'filters' | 'renderKw'> {}

/** A bound `formField`: the nested form's fields are its properties too (`f.address.city`). */
export type FormFieldBound<F extends Fields, D> = BoundField<D> & { readonly form: Form<F, D> } & {
  readonly [K in keyof F]: BoundOf<F[K]>;
};

/** Members of every bound field, which a nested form's field of the same name cannot replace. */
const baseMembers = new Set([
  'name',
  'shortName',
  'short_name',
  'id',
  'type',
  'label',
  'description',
  'data',
  'rawData',
  'raw_data',
  'errors',
  'flags',
  'render',
  'form',
]);

class FormFieldImpl<F extends Fields, D> extends FieldImpl<D> {
  readonly type = 'FormField';
  readonly #formClass: FormClass<F, D>;
  #form: Form<F, D> | undefined;

  constructor(init: FieldInit, options: FormFieldOptions<D>, formClass: FormClass<F, D>) {
    super(init, options);
    this.#formClass = formClass;
  }

  get form(): Form<F, D> {
    this.#form ??= this.#formClass.create({ prefix: this.name, csrf: false });
    return this.#form;
  }

  override get data(): D {
    return this.form.data;
  }

  override set data(value: D) {
    this.#form = this.#formClass.create({
      prefix: this.name,
      csrf: false,
      data: value as Record<string, unknown>,
    });
  }

  protected emptyValue(): D {
    return {} as D;
  }

  protected processInput(): void {}

  override process(input: FormInput | null, value: unknown): void {
    const dflt = this.options.default;
    const given = value !== undefined ? value : typeof dflt === 'function' ? (dflt as () => unknown)() : dflt;
    const isObject = given !== null && typeof given === 'object';
    this.#form = this.#formClass.create({
      prefix: this.name,
      csrf: false,
      formdata: input as FormInput | null,
      obj: isObject ? (given as object) : null,
    });
  }

  override async validate(extra: readonly Validator<D>[] = []): Promise<boolean> {
    const nested = await this.form.validate();
    const own = await super.validate(extra);
    return nested && own;
  }

  override collectErrors(out: Record<string, string[]>, prefixLength: number): void {
    super.collectErrors(out, prefixLength);
    const nested = (this.form as BaseForm<F, D>).errors;
    const base = this.name.slice(prefixLength);
    for (const [key, messages] of Object.entries(nested)) out[`${base}-${key}`] = messages;
  }

  protected widget(kw: RenderKw): Markup {
    const rows = [...(this.form as BaseForm<F, D>)].map((field) => `${field.label} ${field()}`);
    return tag('fieldset', { id: this.id, ...kw }, rows.join('\n'));
  }

  override extraMembers(): Record<string, PropertyDescriptor> {
    const members: Record<string, PropertyDescriptor> = {
      form: {
        enumerable: true,
        get(this: object) {
          return stateOf<FormFieldImpl<Fields, unknown>>(this).form;
        },
      },
    };
    for (const name of Object.keys(this.#formClass.fields)) {
      if (baseMembers.has(name)) continue;
      members[name] = {
        enumerable: true,
        get(this: object) {
          return (stateOf<FormFieldImpl<Fields, unknown>>(this).form as BaseForm).field(name);
        },
      };
    }
    return members;
  }

  /** One prototype per nested form class: its sub-fields are members. */
  override protoKey(): object {
    return this.#formClass;
  }
}

/**
 * A form inside a form (WTForms' `FormField`): inputs are named `<field>-<subfield>` (`address-city`), the
 * data is the nested form's data, and errors are reported as `address-city`.
 */
export function formField<F extends Fields, D>(
  formClass: FormClass<F, D>,
  options: FormFieldOptions<D> = {},
): FieldSpec<D, FormFieldBound<F, D>> {
  return { options, create: (init) => new FormFieldImpl(init, options, formClass) };
}

/** Options of `fieldList`. */
export interface FieldListOptions<T> extends Omit<FieldOptions<T[]>, 'schema' | 'filters'> {
  /** Entries shown even when nothing was submitted (blank ones are added). Default 0. */
  minEntries?: number;
  /** More submitted entries than this is an error. Default 1000, which bounds the work a request causes. */
  maxEntries?: number;
}

/** A bound `fieldList`: its entries, each a bound field named `<field>-<index>`. */
export interface FieldListBound<B, T> extends BoundField<T[]> {
  readonly entries: readonly B[];
  /** Adds an entry (with `data`, else the entry field's default) and returns it. */
  appendEntry(data?: T): B;
  /** Removes the last entry and returns it. */
  popEntry(): B | undefined;
}

const DEFAULT_MAX_ENTRIES = 1000;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// biome-ignore lint/suspicious/noExplicitAny: any entry field kind (FieldSpec is invariant in its data)
class FieldListImpl<S extends FieldSpec<any, any>> extends FieldImpl<DataOf<S>[]> {
  readonly type = 'FieldList';
  readonly #entrySpec: S;
  readonly #init: FieldInit;
  #entries: FieldImpl<DataOf<S>>[] = [];
  #lastIndex = -1;

  constructor(init: FieldInit, options: FieldListOptions<DataOf<S>>, entrySpec: S) {
    super(init, options);
    this.#entrySpec = entrySpec;
    this.#init = init;
  }

  get #options(): FieldListOptions<DataOf<S>> {
    return this.options as FieldListOptions<DataOf<S>>;
  }

  override get data(): DataOf<S>[] {
    return this.#entries.map((e) => e.data);
  }

  override set data(values: DataOf<S>[]) {
    this.#entries = [];
    this.#lastIndex = -1;
    for (const value of values) this.#add(null, value);
  }

  protected emptyValue(): DataOf<S>[] {
    return [];
  }

  protected processInput(): void {}

  #add(input: FormInput | null, value: unknown, index = this.#lastIndex + 1): FieldImpl<DataOf<S>> {
    const entry = this.#entrySpec.create({
      shortName: `${this.#init.shortName}-${index}`,
      prefix: this.#init.prefix,
      form: this.owner,
    }) as FieldImpl<DataOf<S>>;
    entry.labelText = this.labelText;
    entry.process(input, value);
    this.#entries.push(entry);
    this.#lastIndex = Math.max(this.#lastIndex, index);
    return entry;
  }

  override process(input: FormInput | null, value: unknown): void {
    this.processErrors = [];
    this.#entries = [];
    this.#lastIndex = -1;
    const max = this.#options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    if (input !== null) {
      // Indices as submitted, sorted; gaps (0, 2, 5: a row removed in the browser) are kept as they are.
      const pattern = new RegExp(`^${escapeRegExp(this.name)}-(\\d{1,9})(?:-|$)`);
      const indices = new Set<number>();
      for (const key of input.keys()) {
        const m = pattern.exec(key);
        if (m !== null) indices.add(Number(m[1]));
      }
      const sorted = [...indices].sort((a, b) => a - b);
      if (sorted.length > max) {
        this.processErrors.push(`At most ${max} entries are allowed.`);
        sorted.length = max;
      }
      for (const index of sorted) this.#add(input, undefined, index);
    } else {
      const dflt = this.options.default;
      const given =
        value !== undefined ? value : typeof dflt === 'function' ? (dflt as () => unknown)() : dflt;
      if (Array.isArray(given)) for (const item of given.slice(0, max)) this.#add(null, item);
    }
    while (this.#entries.length < (this.#options.minEntries ?? 0)) this.#add(null, undefined);
  }

  override async validate(extra: readonly Validator<DataOf<S>[]>[] = []): Promise<boolean> {
    let ok = true;
    for (const entry of this.#entries) ok = (await entry.validate()) && ok;
    const own = await super.validate(extra);
    const min = this.#options.minEntries ?? 0;
    if (this.#entries.length < min) this.errors.push(`At least ${min} entries are required.`);
    return ok && own && this.errors.length === 0;
  }

  override collectErrors(out: Record<string, string[]>, prefixLength: number): void {
    super.collectErrors(out, prefixLength);
    for (const entry of this.#entries) entry.collectErrors(out, prefixLength);
  }

  protected widget(kw: RenderKw): Markup {
    const items = this.#entries.map((entry) => `<li>${entry.render()}</li>`);
    return tag('ul', { id: this.id, ...kw }, items.join(''));
  }

  get entries(): BoundField<DataOf<S>>[] {
    return this.#entries.map((e) => e.bound);
  }

  appendEntry(data?: DataOf<S>): BoundField<DataOf<S>> {
    return this.#add(null, data).bound;
  }

  popEntry(): BoundField<DataOf<S>> | undefined {
    return this.#entries.pop()?.bound;
  }

  override extraMembers(): Record<string, PropertyDescriptor> {
    // biome-ignore lint/suspicious/noExplicitAny: any entry kind
    type List = FieldListImpl<FieldSpec<any, any>>;
    return {
      entries: {
        enumerable: true,
        get(this: object) {
          return stateOf<List>(this).entries;
        },
      },
      appendEntry: {
        enumerable: true,
        value(this: object, data?: unknown) {
          return stateOf<List>(this).appendEntry(data);
        },
      },
      popEntry: {
        enumerable: true,
        value(this: object) {
          return stateOf<List>(this).popEntry();
        },
      },
    };
  }
}

/**
 * A list of entries of one field kind (WTForms' `FieldList`), named `<field>-0`, `<field>-1`, …; entries may be
 * whole forms (`fieldList(formField(AddressForm))`). Submitted indices with gaps are read in order.
 */
// biome-ignore lint/suspicious/noExplicitAny: any entry field kind
export function fieldList<S extends FieldSpec<any, any>>(
  entry: S,
  options: FieldListOptions<DataOf<S>> = {},
): FieldSpec<DataOf<S>[], FieldListBound<BoundOf<S>, DataOf<S>>> {
  return {
    options: options as FieldOptions<DataOf<S>[]>,
    create: (init) => new FieldListImpl(init, options, entry) as unknown as FieldImpl<DataOf<S>[]>,
  };
}
