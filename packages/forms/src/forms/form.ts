import { currentApp, type FileStorage, hasRequestContext, type Markup, MultiDict, request } from 'flagon';
import { csrfSettings } from '../csrf/config.ts';
import { CsrfTokenImpl } from './csrf-field.ts';
import { FormDefinitionError } from './errors.ts';
import {
  type BoundField,
  type BoundOf,
  type DataOf,
  type FieldImpl,
  type FieldInit,
  type FieldSpec,
  type FormView,
  joinMarkup,
  type Validator,
} from './field.ts';
import { type FormInput, inputFromMultiDicts, inputFromObject } from './form-input.ts';
import { type InferSchemaOutput, runSchema, type StandardSchemaV1 } from './standard-schema.ts';

/** A form's declared fields. */
// biome-ignore lint/suspicious/noExplicitAny: any field kind, whatever its data and bound types
export type Fields = Record<string, FieldSpec<any, any>>;

/** The data of a form with these fields: `{ title: string; published: boolean; … }`. */
export type FormData<F extends Fields> = { -readonly [K in keyof F]: DataOf<F[K]> };

/** Options of `form()`. */
export interface FormOptions<S extends StandardSchemaV1 | undefined = undefined> {
  /** A Standard Schema validator for the whole data, run when every field is valid; its output is `f.data`. */
  schema?: S;
  /** Include and check a CSRF token (Flask-WTF's `FlaskForm`). Default: `WTF_CSRF_ENABLED` (true). */
  csrf?: boolean;
}

/** How a form instance is bound. */
export interface BindOptions {
  /** Prefixes every input name (`prefix-title`), so two forms can share a page. */
  prefix?: string;
  /** An object whose properties fill the fields (an edited row), as WTForms' `obj`. */
  obj?: object | null;
  /** Values for the fields by name; wins over `obj`. */
  data?: Record<string, unknown>;
  /** Override the form's CSRF setting for this instance. */
  csrf?: boolean;
}

/** `create()` options: bind to given input instead of the request. */
export interface CreateOptions extends BindOptions {
  /** Submitted values: a `FormInput`, a `MultiDict`, or a plain object / JSON document. Null: nothing submitted. */
  formdata?: FormInput | MultiDict | Record<string, unknown> | null;
  /** Uploaded files, with a `MultiDict` formdata. */
  files?: MultiDict<FileStorage>;
}

/** Names a field cannot take: the form's own members. */
const RESERVED = new Set([
  'data',
  'errors',
  'formErrors',
  'validate',
  'validateOnSubmit',
  'isSubmitted',
  'hiddenTag',
  'hidden_tag',
  'csrf_token',
  'field',
  'fields',
  'populateObj',
  'prefix',
  'toJSON',
  'toString',
  'constructor',
]);

const SUBMIT_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** True when the current request submits a form (POST, PUT, PATCH or DELETE), as Flask-WTF's `is_submitted`. */
export function isSubmitted(): boolean {
  return hasRequestContext() && SUBMIT_METHODS.has(request.method);
}

function toInput(formdata: CreateOptions['formdata'], files?: MultiDict<FileStorage>): FormInput | null {
  if (formdata === null || formdata === undefined) return null;
  if (formdata instanceof MultiDict) return inputFromMultiDicts(formdata, files);
  const candidate = formdata as Partial<FormInput>;
  if (typeof candidate.getAll === 'function' && typeof candidate.getFiles === 'function')
    return formdata as FormInput;
  return inputFromObject(formdata);
}

function csrfEnabled(option: boolean | undefined): boolean {
  if (option === false || !hasRequestContext()) return false;
  return csrfSettings(currentApp).enabled;
}

/**
 * A form instance: the fields are properties (`f.title`), plus data, errors and validation. Created by a
 * form class's `fromRequest()` or `create()`.
 */
export class BaseForm<F extends Fields = Fields, D = FormData<F>> implements FormView {
  readonly prefix: string;
  /** Errors that belong to no single field (from a form-level schema). */
  formErrors: string[] = [];
  readonly #impls = new Map<string, FieldImpl<unknown>>();
  readonly #csrf: CsrfTokenImpl | null;
  readonly #schema: StandardSchemaV1 | undefined;
  #schemaData: unknown;
  #hasSchemaData = false;

  /** @internal Use a form class's `create()` or `fromRequest()`. */
  constructor(
    fields: F,
    options: FormOptions<StandardSchemaV1 | undefined>,
    input: FormInput | null,
    bind: BindOptions,
    prefixSeparator = '-',
  ) {
    const prefix = bind.prefix
      ? `${bind.prefix}${bind.prefix.endsWith(prefixSeparator) ? '' : prefixSeparator}`
      : '';
    this.prefix = prefix;
    this.#schema = options.schema;
    const csrfOn = csrfEnabled(bind.csrf ?? options.csrf);
    this.#csrf = csrfOn
      ? new CsrfTokenImpl({ shortName: csrfSettings(currentApp).fieldName, prefix, form: this }, {})
      : null;
    this.#csrf?.process(input, undefined);
    const obj = bind.obj ?? null;
    for (const [name, spec] of Object.entries(fields)) {
      const init: FieldInit = { shortName: name, prefix, form: this };
      const impl = spec.create(init) as FieldImpl<unknown>;
      let value: unknown;
      if (bind.data !== undefined && Object.hasOwn(bind.data, name)) value = bind.data[name];
      else if (obj !== null && name in obj) value = (obj as Record<string, unknown>)[name];
      impl.process(input, value);
      this.#impls.set(name, impl);
      Object.defineProperty(this, name, { enumerable: true, configurable: false, value: impl.bound });
    }
  }

  /** A field by its declared name, or undefined. */
  field(name: string): BoundField | undefined {
    return this.#impls.get(name)?.bound;
  }

  /** The fields in declaration order (the CSRF field first, when there is one), for `{% for field in form %}`. */
  *[Symbol.iterator](): IterableIterator<BoundField> {
    if (this.#csrf !== null) yield this.#csrf.bound;
    for (const impl of this.#impls.values()) yield impl.bound;
  }

  /** The hidden CSRF token field (`{{ form.csrf_token }}`), or undefined when CSRF is off for this form. */
  get csrf_token(): BoundField<string> | undefined {
    return this.#csrf?.bound as BoundField<string> | undefined;
  }

  /**
   * Every field's data by name (nested forms and lists as objects and arrays). After a successful
   * `validate()` with a form schema, the schema's output.
   */
  get data(): D {
    if (this.#hasSchemaData) return this.#schemaData as D;
    const out: Record<string, unknown> = {};
    for (const [name, impl] of this.#impls) out[name] = impl.data;
    return out as D;
  }

  /**
   * Messages by input name without the prefix (`title`, `address-city`, `tags-1`), only for fields that have
   * some; `csrf_token` when the token failed. Empty until `validate()`.
   */
  get errors(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    const start = this.prefix.length;
    this.#csrf?.collectErrors(out, start);
    for (const impl of this.#impls.values()) impl.collectErrors(out, start);
    return out;
  }

  /**
   * Runs every field's validators (and the form's schema once all fields pass); true when nothing failed.
   * `extra` adds validators per field for this call (WTForms' `extra_validators`).
   */
  async validate(
    extra: { readonly [K in keyof F]?: readonly Validator<DataOf<F[K]>>[] } = {},
  ): Promise<boolean> {
    this.formErrors = [];
    this.#hasSchemaData = false;
    let ok = true;
    if (this.#csrf !== null) ok = (await this.#csrf.validate()) && ok;
    for (const [name, impl] of this.#impls) {
      const more = (extra as Record<string, readonly Validator<unknown>[] | undefined>)[name] ?? [];
      ok = (await impl.validate(more)) && ok;
    }
    if (ok && this.#schema !== undefined) {
      const outcome = await runSchema(this.#schema, this.data);
      if (outcome.ok) {
        this.#schemaData = outcome.value;
        this.#hasSchemaData = true;
      } else {
        for (const issue of outcome.issues) {
          const target = typeof issue.path[0] === 'string' ? this.#impls.get(issue.path[0]) : undefined;
          if (target !== undefined) target.errors.push(issue.message);
          else this.formErrors.push(issue.message);
        }
        ok = false;
      }
    }
    return ok;
  }

  /** True when the request submits a form (POST, PUT, PATCH, DELETE). */
  isSubmitted(): boolean {
    return isSubmitted();
  }

  /**
   * `isSubmitted() && validate()`: false on GET, so one view shows the form and handles it.
   * @example
   * const f = await PostForm.fromRequest();
   * if (await f.validateOnSubmit()) { await save(f.data); return redirect(urlFor('index')); }
   * return renderTemplate('create.html', { form: f });
   */
  async validateOnSubmit(
    extra: { readonly [K in keyof F]?: readonly Validator<DataOf<F[K]>>[] } = {},
  ): Promise<boolean> {
    return this.isSubmitted() && (await this.validate(extra));
  }

  /** The CSRF token input and every hidden field, as Markup (Flask-WTF's `hidden_tag`). */
  hiddenTag(...fields: readonly BoundField[]): Markup {
    const list: BoundField[] =
      fields.length > 0
        ? [...fields]
        : [...this].filter((f) => f.type === 'HiddenField' || f.type === 'CSRFTokenField');
    return joinMarkup(list.map((f) => f()));
  }

  /** `hiddenTag` under WTForms' name, for templates shared with Flask. */
  hidden_tag(...fields: readonly BoundField[]): Markup {
    return this.hiddenTag(...fields);
  }

  /** Copies every field's data onto `obj` (WTForms' `populate_obj`). */
  populateObj(obj: Record<string, unknown>): void {
    for (const [name, impl] of this.#impls) obj[name] = impl.data;
  }

  toJSON(): { data: D; errors: Record<string, string[]> } {
    return { data: this.data, errors: this.errors };
  }
}

/** A bound form: its members and its fields as properties. */
export type Form<F extends Fields, D = FormData<F>> = BaseForm<F, D> & {
  readonly [K in keyof F]: BoundOf<F[K]>;
};

/** A declared form: make instances with `fromRequest()` (in a view) or `create()`. */
export interface FormClass<F extends Fields, D = FormData<F>> {
  readonly fields: F;
  readonly options: FormOptions<StandardSchemaV1 | undefined>;
  /**
   * A form bound to the current request: on POST/PUT/PATCH/DELETE the submitted form and files, or the JSON
   * body; otherwise nothing submitted, so fields hold their defaults (or `obj`/`data`).
   * @throws BadRequest when the JSON body is malformed; RequestEntityTooLarge past the body limits.
   */
  fromRequest(options?: BindOptions): Promise<Form<F, D>>;
  /** A form bound to the given input (or to nothing), without reading the request. */
  create(options?: CreateOptions): Form<F, D>;
}

/**
 * Declares a form; its data is typed from the fields.
 *
 * @example
 * const PostForm = form({
 *   title: stringField({ validators: [inputRequired(), length({ max: 100 })] }),
 *   body: textAreaField(),
 *   published: booleanField(),
 * });
 * app.route('/create', { methods: ['GET', 'POST'] }, async () => {
 *   const f = await PostForm.fromRequest();
 *   if (await f.validateOnSubmit()) return save(f.data); // { title: string; body: string; published: boolean }
 *   return renderTemplate('create.html', { form: f });
 * });
 * @throws FormDefinitionError when a field is named after a form member (`data`, `errors`, …).
 */
export function form<const F extends Fields, S extends StandardSchemaV1 | undefined = undefined>(
  fields: F,
  options: FormOptions<S> = {},
): FormClass<F, S extends StandardSchemaV1 ? InferSchemaOutput<S> : FormData<F>> {
  type D = S extends StandardSchemaV1 ? InferSchemaOutput<S> : FormData<F>;
  for (const name of Object.keys(fields)) {
    if (RESERVED.has(name)) {
      throw new FormDefinitionError(
        `A form field cannot be named ${JSON.stringify(name)}: the form itself has a member of that name. ` +
          'Rename the field (e.g. "title_" or a more specific name).',
      );
    }
    const spec = fields[name];
    if (spec === undefined || typeof spec.create !== 'function') {
      throw new FormDefinitionError(
        `The form field ${JSON.stringify(name)} is not a field: declare it with stringField(), integerField(), …`,
      );
    }
  }
  const make = (input: FormInput | null, bind: BindOptions): Form<F, D> =>
    new BaseForm<F, D>(fields, options, input, bind) as Form<F, D>;
  return {
    fields,
    options,
    async fromRequest(bind: BindOptions = {}) {
      let input: FormInput | null = null;
      if (isSubmitted()) {
        input = request.isJson
          ? inputFromObject(await request.json)
          : inputFromMultiDicts(await request.form, await request.files);
      }
      return make(input, bind);
    },
    create(bind: CreateOptions = {}) {
      return make(toInput(bind.formdata, bind.files), bind);
    },
  };
}
