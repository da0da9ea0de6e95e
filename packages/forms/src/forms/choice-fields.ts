import { type LazyString, type Markup, Markup as MarkupClass } from 'flagon';
import { stateOf } from './bound-field.ts';
import { ValidationError } from './errors.ts';
import {
  type BoundField,
  FieldImpl,
  type FieldInit,
  type FieldOptions,
  type FieldSpec,
  joinMarkup,
  type Output,
} from './field.ts';
import type { FormInput } from './form-input.ts';
import { esc, mergeKw, type RenderKw, tag } from './html.ts';

/** A choice value: what the field's data holds. */
export type ChoiceValue = string | number;

/** One choice: a value (its own label), `[value, label]`, or `{ value, label }` (a label may be `lazyGettext(…)`). */
export type Choice<V extends ChoiceValue = ChoiceValue> =
  | V
  | readonly [V, string | LazyString]
  | { readonly value: V; readonly label: string | LazyString };

/** The choices of a field, or a function giving them per form (read from a database when the form is bound). */
export type Choices<V extends ChoiceValue = ChoiceValue> =
  | readonly Choice<V>[]
  | (() => readonly Choice<V>[]);

/** The value type of a choice list. */
export type ChoiceValueOf<C> = C extends () => readonly (infer E)[]
  ? ValueOfChoice<E>
  : C extends readonly (infer E)[]
    ? ValueOfChoice<E>
    : never;
type ValueOfChoice<E> = E extends readonly [infer V, string]
  ? V
  : E extends { readonly value: infer V }
    ? V
    : E;

/** Options of the choice fields. */
export interface ChoiceFieldOptions<V extends ChoiceValue, D> extends FieldOptions<D> {
  readonly choices: Choices<V>;
  /** Refuse values that are not among the choices. Default true. */
  validateChoice?: boolean;
}

interface NormalChoice {
  readonly value: ChoiceValue;
  readonly label: string;
}

function normalize(choices: Choices): NormalChoice[] {
  const list = typeof choices === 'function' ? choices() : choices;
  return list.map((c) =>
    Array.isArray(c)
      ? { value: c[0] as ChoiceValue, label: String(c[1]) }
      : typeof c === 'object' && c !== null
        ? { value: (c as NormalChoice).value, label: String((c as NormalChoice).label) }
        : { value: c as ChoiceValue, label: String(c) },
  );
}

/** How a submitted value is quoted in an error: short, since it comes from the client. */
function quoted(raw: string): string {
  return `'${raw.length > 40 ? `${raw.slice(0, 40)}…` : raw}'`;
}

type Kind = 'select' | 'radio' | 'multiple';

class ChoiceImpl extends FieldImpl<ChoiceValue | ChoiceValue[] | null> {
  readonly type: string;
  readonly #kind: Kind;
  #choices: NormalChoice[] | undefined;

  constructor(init: FieldInit, options: ChoiceFieldOptions<ChoiceValue, unknown>, kind: Kind) {
    super(init, options as FieldOptions<ChoiceValue | ChoiceValue[] | null>);
    this.#kind = kind;
    this.type = kind === 'select' ? 'SelectField' : kind === 'radio' ? 'RadioField' : 'SelectMultipleField';
  }

  get choices(): NormalChoice[] {
    this.#choices ??= normalize((this.options as ChoiceFieldOptions<ChoiceValue, unknown>).choices);
    return this.#choices;
  }

  protected emptyValue(): ChoiceValue[] | null {
    return this.#kind === 'multiple' ? [] : null;
  }

  protected override coerceData(value: unknown): ChoiceValue | ChoiceValue[] | null {
    if (this.#kind === 'multiple') return Array.isArray(value) ? (value as ChoiceValue[]) : [];
    return value as ChoiceValue | null;
  }

  #find(raw: string): NormalChoice | undefined {
    return this.choices.find((c) => String(c.value) === raw);
  }

  protected processInput(input: FormInput): void {
    const raw = input.getAll(this.name);
    const validate = (this.options as ChoiceFieldOptions<ChoiceValue, unknown>).validateChoice !== false;
    if (this.#kind === 'multiple') {
      // Nothing selected sends nothing, so absence means an empty selection.
      this.rawData = raw.length === 0 ? null : raw;
      const values: ChoiceValue[] = [];
      const bad: string[] = [];
      for (const each of raw) {
        const found = this.#find(each);
        if (found !== undefined) values.push(found.value);
        else if (validate) bad.push(each);
        else values.push(each);
      }
      this.data = values;
      if (bad.length === 1)
        throw new ValidationError(`${quoted(bad[0] as string)} is not a valid choice for this field.`);
      if (bad.length > 1)
        throw new ValidationError(
          `${bad.slice(0, 5).map(quoted).join(', ')} are not valid choices for this field.`,
        );
      return;
    }
    if (raw.length === 0) return;
    this.rawData = raw;
    const found = this.#find(raw[0] as string);
    if (found !== undefined) this.data = found.value;
    else if (!validate) this.data = raw[0] as string;
    else if (raw[0] === '') this.data = null;
    else {
      this.data = null;
      throw new ValidationError('Not a valid choice.');
    }
  }

  isSelected(value: ChoiceValue): boolean {
    const data = this.data;
    if (Array.isArray(data)) return data.some((d) => String(d) === String(value));
    return data !== null && data !== undefined && String(data) === String(value);
  }

  /** The radio buttons (or options), each a bound-like object with its own label. */
  radioOptions(): RadioOption[] {
    return this.choices.map((choice, i) => makeOption(this, choice, i));
  }

  radio(choice: NormalChoice, i: number, kw: RenderKw): Markup {
    const id = `${this.id}-${i}`;
    return tag('input', {
      checked: this.isSelected(choice.value),
      id,
      name: this.name,
      type: 'radio',
      value: String(choice.value),
      ...kw,
    });
  }

  protected widget(kw: RenderKw): Markup {
    if (this.#kind === 'radio') {
      const items = this.choices.map(
        (choice, i) =>
          `<li>${this.radio(choice, i, {})} ${tag('label', { for: `${this.id}-${i}` }, esc(choice.label))}</li>`,
      );
      return tag('ul', { id: this.id, ...kw }, items.join(''));
    }
    const options = this.choices.map((choice) =>
      tag(
        'option',
        { selected: this.isSelected(choice.value), value: String(choice.value) },
        esc(choice.label),
      ),
    );
    return tag(
      'select',
      { id: this.id, multiple: this.#kind === 'multiple', name: this.name, ...kw },
      joinMarkup(options).toString(),
    );
  }

  override extraMembers(): Record<string, PropertyDescriptor> {
    return {
      choices: {
        enumerable: true,
        get(this: object) {
          return stateOf<ChoiceImpl>(this).choices;
        },
      },
      options: {
        enumerable: true,
        get(this: object) {
          return stateOf<ChoiceImpl>(this).radioOptions();
        },
      },
    };
  }
}

/** One radio button of a `radioField`: call it to render the input; `label` renders its label. */
export interface RadioOption {
  (renderKw?: RenderKw): Markup;
  readonly id: string;
  readonly value: string;
  readonly checked: boolean;
  readonly label: Markup & { readonly text: string };
  __html__(): string;
}

function makeOption(impl: ChoiceImpl, choice: NormalChoice, i: number): RadioOption {
  const render = (kw?: RenderKw): Markup => impl.radio(choice, i, mergeKw({}, kw));
  const option = render as RadioOption;
  const label = new MarkupClass(tag('label', { for: `${impl.id}-${i}` }, esc(choice.label)).toString());
  Object.defineProperty(label, 'text', { enumerable: true, value: choice.label });
  Object.defineProperties(option, {
    id: { enumerable: true, value: `${impl.id}-${i}` },
    value: { enumerable: true, value: String(choice.value) },
    checked: { enumerable: true, get: () => impl.isSelected(choice.value) },
    label: { enumerable: true, value: label },
    __html__: { enumerable: true, value: () => render().toString() },
  });
  return option;
}

/** A bound choice field: also has its normalized `choices` and, for radios, `options` to render one by one. */
export interface ChoiceBoundField<T> extends BoundField<T> {
  readonly choices: readonly { readonly value: ChoiceValue; readonly label: string }[];
  readonly options: readonly RadioOption[];
}

function choiceField(kind: Kind) {
  return (options: ChoiceFieldOptions<ChoiceValue, unknown>) => ({
    options,
    create: (init: FieldInit) => new ChoiceImpl(init, options, kind),
  });
}

/** A `<select>`; data is the chosen value (typed from the choices), or null. Values not offered are refused. */
export function selectField<
  const C extends Choices,
  const O extends Omit<ChoiceFieldOptions<ChoiceValue, ChoiceValueOf<C> | null>, 'choices'> = {},
>(
  options: O & { readonly choices: C },
): FieldSpec<Output<ChoiceValueOf<C> | null, O>, ChoiceBoundField<Output<ChoiceValueOf<C> | null, O>>> {
  return choiceField('select')(options as ChoiceFieldOptions<ChoiceValue, unknown>) as never;
}

/** Radio buttons; data is the chosen value, or null. */
export function radioField<
  const C extends Choices,
  const O extends Omit<ChoiceFieldOptions<ChoiceValue, ChoiceValueOf<C> | null>, 'choices'> = {},
>(
  options: O & { readonly choices: C },
): FieldSpec<Output<ChoiceValueOf<C> | null, O>, ChoiceBoundField<Output<ChoiceValueOf<C> | null, O>>> {
  return choiceField('radio')(options as ChoiceFieldOptions<ChoiceValue, unknown>) as never;
}

/** A `<select multiple>`; data is the chosen values (an empty array when none). */
export function selectMultipleField<
  const C extends Choices,
  const O extends Omit<ChoiceFieldOptions<ChoiceValue, ChoiceValueOf<C>[]>, 'choices'> = {},
>(
  options: O & { readonly choices: C },
): FieldSpec<Output<ChoiceValueOf<C>[], O>, ChoiceBoundField<Output<ChoiceValueOf<C>[], O>>> {
  return choiceField('multiple')(options as ChoiceFieldOptions<ChoiceValue, unknown>) as never;
}
