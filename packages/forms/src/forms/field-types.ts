/**
 * The types a field's bound object and the field's state share: `bound-field.ts` builds bound objects from a
 * `FieldState` and `field.ts`'s `FieldImpl` is one, so neither imports the other's types.
 */
import type { Markup } from 'flagon';
import type { RenderKw } from './html.ts';

/** A field's label: prints as `<label for="…">Text</label>`; call it with attributes or other text. */
export interface Label {
  (text?: string | RenderKw, renderKw?: RenderKw): Markup;
  readonly text: string;
  readonly field_id: string;
  __html__(): string;
}

/**
 * A field bound to a form: callable to render it (`{{ form.title(class_='input') }}`, `f.title({ class:
 * 'input' })`), printable as its HTML (`{{ form.title }}`), with its data, errors and label.
 */
export interface BoundField<T = unknown> {
  (renderKw?: RenderKw): Markup;
  /** The input name, with the form's prefix (`address-city`). */
  readonly name: string;
  /** The name as declared (`city`). */
  readonly shortName: string;
  readonly short_name: string;
  readonly id: string;
  /** The WTForms class name: `'StringField'`, `'BooleanField'`, `'HiddenField'`, … */
  readonly type: string;
  readonly label: Label;
  readonly description: string;
  /** The value: submitted and converted, else the object's or the default. */
  data: T;
  /** The submitted text values, or null when nothing was submitted. */
  readonly rawData: readonly string[] | null;
  readonly raw_data: readonly string[] | null;
  /** Messages from conversion and validation; empty until `validate()`. */
  readonly errors: string[];
  /** What the validators declare (`required`, `maxlength`, …), rendered as attributes. */
  readonly flags: Readonly<Record<string, unknown>>;
  /** The rendered element, with `renderKw` merged into the declared attributes. */
  render(renderKw?: RenderKw): Markup;
  __html__(): string;
}

/** What a bound field reads of its field's state; `FieldImpl` in `field.ts` implements it. */
export interface FieldState<T = unknown> {
  readonly shortName: string;
  readonly name: string;
  readonly id: string;
  readonly type: string;
  readonly options: { readonly description?: string | { toString(): string } };
  readonly labelText: string;
  data: T;
  readonly rawData: string[] | null;
  readonly errors: string[];
  readonly flags: Record<string, unknown>;
  readonly bound: BoundField<T>;
  render(kw?: RenderKw): Markup;
  label(text?: string | RenderKw, kw?: RenderKw): Markup;
  clearErrors(): void;
  extraMembers(): Record<string, PropertyDescriptor>;
  protoKey(): object;
}
